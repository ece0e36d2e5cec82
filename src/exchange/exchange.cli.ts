import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { allProjections } from '../../projections/index.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../app.module.js';
import { systemActor } from '../common/actor.js';
import { CommandSender } from '../commands/command-sender.js';
import { isTaizhangError } from '../common/errors.js';
import type { Config } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { openEventStore } from '../event-store/open-event-store.js';
import { buildDocument, exportFormat, exportKind } from './build-document.js';
import { EXPORT_KINDS, FORMATS_OF } from './export-document.js';
import {
  importComplaintSheet,
  optionalBatch,
  type ComplaintImportReport,
} from './complaint-import.js';
import type { RunReport } from './import/import-run.js';
import { complaintSender, taskReader, taskSender } from './import-commands.js';
import { importRectificationList, requireInspectionId, type ImportReport } from './importer.js';
import { assertInspectionExists } from './inspection-exists.js';
import { resolveSnapshot } from './snapshot.js';
import { writeDocument } from './writers/index.js';

export const EXCHANGE_USAGE = `  taizhang import <file.xlsx|file.csv> --inspection ID [--dry-run] [--skip-invalid] [--amend REASON]
                                      导入整改清单 / import a rectification list (CSV: UTF-8 or GB18030);
                                      --amend: 按本表修改内容不同的已有任务并记录原因 / amend existing tasks to their rows, with this reason
  taizhang import-complaints <file.xlsx|file.csv> --inspection ID [--batch N] [--write] [--skip-invalid]
                                      导入信访举报件交办清单 / import a complaint handover sheet; 默认试运行，
                                      加 --write 才写入 / a dry run unless --write is given
  taizhang export <kind> --format F [--as-of ISO | --position N] [--inspection ID] [--out file]
                                      导出 / export: ${EXPORT_KINDS.map((k) => `${k} (${FORMATS_OF[k].join('|')})`).join(', ')}`;

/**
 * `taizhang import`: runs as the system actor over the same command path as the API (its guards,
 * clock and access log), in an app context without the HTTP server.
 */
export async function importCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      inspection: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      amend: { type: 'string' },
      'actor-name': { type: 'string', default: '命令行导入 / CLI import' },
    },
  });
  if (positionals.length !== 1 || !values.inspection) {
    console.error(
      `需要文件和 --inspection / a file and --inspection are required\n\n${EXCHANGE_USAGE}`,
    );
    return 2;
  }
  return withImportContext(config, values.inspection, values['actor-name'], async (ctx) => {
    const report = await importRectificationList(
      readFileSync(positionals[0]),
      {
        inspectionId: ctx.inspectionId,
        regionCode: ctx.regionCode,
        actor: ctx.actor,
        limits: config.imports,
        dryRun: values['dry-run'],
        skipInvalid: values['skip-invalid'],
        amend:
          values.amend === undefined
            ? undefined
            : {
                reason: values.amend,
                readTask: taskReader(ctx.store),
              },
        onProgress: showProgress,
      },
      taskSender(ctx.app.get(CommandSender), ctx.actor),
    );
    printReport(report);
    return exitCode(report);
  });
}

/**
 * `taizhang import-complaints`: the team's daily handover sheet through the same import as
 * `POST /api/import/complaints`, as the system actor. A dry run unless `--write` is given: a sheet
 * is checked and its report read before anything is handed over.
 */
export async function importComplaintsCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      inspection: { type: 'string' },
      batch: { type: 'string' },
      write: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      'actor-name': { type: 'string', default: '命令行导入 / CLI import' },
    },
  });
  if (positionals.length !== 1 || !values.inspection || (values.write && values['dry-run'])) {
    console.error(
      `需要一个文件和 --inspection（--write 与 --dry-run 不能同时使用） / a file and --inspection are required (not --write with --dry-run)\n\n${EXCHANGE_USAGE}`,
    );
    return 2;
  }
  const batch = values.batch;
  return withImportContext(config, values.inspection, values['actor-name'], async (ctx) => {
    const report = await importComplaintSheet(
      readFileSync(positionals[0]),
      {
        inspectionId: ctx.inspectionId,
        actor: ctx.actor,
        batch: optionalBatch(batch),
        limits: config.imports,
        dryRun: !values.write,
        skipInvalid: values['skip-invalid'],
        onProgress: showProgress,
      },
      complaintSender(ctx.app.get(CommandSender), ctx.actor),
    );
    printComplaintReport(report);
    return exitCode(report);
  });
}

/** What an import from the command line runs in: the app context, the checked inspection, the actor. */
interface ImportContext {
  readonly app: INestApplicationContext;
  readonly store: EventStore;
  readonly inspectionId: string;
  readonly regionCode: string | null;
  readonly actor: ReturnType<typeof systemActor>;
}

/**
 * Boots the command-line application context, checks the inspection exists, runs an import as the
 * system actor, and closes the context; a Taizhang error (bad file, unknown inspection) prints its
 * message and exits 1.
 */
async function withImportContext(
  config: Config,
  inspection: string,
  actorName: string,
  run: (ctx: ImportContext) => Promise<number>,
): Promise<number> {
  const app = await NestFactory.createApplicationContext(AppModule.forCommandLine(config), {
    logger: ['error', 'warn'],
  });
  try {
    const store = app.get<EventStore>(EVENT_STORE);
    const inspectionId = requireInspectionId(inspection);
    const { regionCode } = await assertInspectionExists(store, inspectionId);
    return await run({ app, store, inspectionId, regionCode, actor: systemActor(actorName) });
  } catch (error) {
    if (!isTaizhangError(error)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    await app.close();
  }
}

const showProgress = (done: number, total: number): void => {
  process.stderr.write(`  导入中 / importing ${done}/${total}${done === total ? '\n' : '\r'}`);
};

/** 1 when rows were refused (and not skipped) or a write failed or conflicted. */
const exitCode = (r: RunReport<unknown> & { failed: number; conflicts: number }): number =>
  r.problems.length && !r.skipInvalid ? 1 : r.failed + r.conflicts ? 1 : 0;

function printComplaintReport(r: ComplaintImportReport): void {
  printChecks(r);
  if (r.personalColumnsDropped.length) {
    console.log(
      `举报人信息列未读取、未保存 / complainant columns dropped, never stored: ${r.personalColumnsDropped.join('、')}`,
    );
  }
  if (!r.written) {
    printNothingWritten(r, '加 --write 写入 / pass --write to import');
    return;
  }
  for (const x of r.results.filter((x) => x.zh))
    console.log(`  第 ${x.row} 行 ${x.trackingNumber}: ${x.zh} / ${x.en}`);
  console.log(
    `新建 ${r.created}，已导入过 ${r.alreadyImported}，冲突 ${r.conflicts}，失败 ${r.failed} / ` +
      `created ${r.created}, already imported ${r.alreadyImported}, conflicts ${r.conflicts}, failed ${r.failed}`,
  );
}

/** What every import reports first: the file, its headings and each row's problems. */
function printChecks(r: RunReport<unknown>): void {
  console.log(
    `文件 / file: ${r.format}${r.encoding ? ` (${r.encoding})` : ''}, 表头在第 ${r.headingRow} 行 / headings on row ${r.headingRow}, ${r.rows} 行数据 / data rows`,
  );
  if (r.ignoredHeadings.length) {
    console.log(`未识别的列（已忽略） / ignored columns: ${r.ignoredHeadings.join('、')}`);
  }
  for (const p of r.problems) {
    console.log(`  第 ${p.row} 行 / row ${p.row}  [${p.column || '-'}]  ${p.zh} / ${p.en}`);
  }
  for (const p of r.warnings) {
    console.log(`  提示 / note, 第 ${p.row} 行 / row ${p.row}  ${p.zh} / ${p.en}`);
  }
  console.log(
    `有效 ${r.validRows} 行，有误 ${r.invalidRows} 行 / ${r.validRows} valid, ${r.invalidRows} invalid`,
  );
}

/** Why a run wrote nothing: a dry run (and how to write), or bad rows. */
function printNothingWritten(r: RunReport<unknown>, howToWrite?: string): void {
  if (r.dryRun) {
    console.log(`试运行，未写入 / dry run: nothing written${howToWrite ? `; ${howToWrite}` : ''}`);
  } else {
    console.log(
      '存在错误行，未写入任何数据；修正后重试，或加 --skip-invalid 只导入正确的行 / nothing written: fix the rows, or pass --skip-invalid to import the good rows only',
    );
  }
}

function printReport(r: ImportReport): void {
  printChecks(r);
  if (!r.written) {
    printNothingWritten(r);
  } else {
    for (const x of r.results.filter((x) => x.zh))
      console.log(`  第 ${x.row} 行 ${x.taskId}: ${x.zh} / ${x.en}`);
    console.log(
      `新建 ${r.created}，已导入过 ${r.alreadyImported}，已修改 ${r.amended}，冲突 ${r.conflicts}，失败 ${r.failed} / ` +
        `created ${r.created}, already imported ${r.alreadyImported}, amended ${r.amended}, conflicts ${r.conflicts}, failed ${r.failed}`,
    );
  }
}

/** `taizhang export`: brings the read models up to date, then streams the document to a file or stdout. */
export async function exportCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'as-of': { type: 'string' },
      position: { type: 'string' },
      inspection: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (positionals.length !== 1 || !values.format) {
    console.error(`需要类型和 --format / a kind and --format are required\n\n${EXCHANGE_USAGE}`);
    return 2;
  }
  const store = await openEventStore(config);
  const runner = new ProjectionRunner(
    store,
    allProjections(),
    join(config.dataDir, 'readmodels.db'),
  );
  try {
    const kind = exportKind(positionals[0]);
    const format = exportFormat(kind, values.format);
    await runner.catchUp();
    const snapshot = resolveSnapshot(runner.db, {
      asOf: values['as-of'],
      position: values.position,
    });
    const doc = buildDocument(runner.db, { kind, snapshot, inspectionId: values.inspection });
    const out = values.out ? createWriteStream(values.out) : stdoutStream();
    await writeDocument(doc, format, out);
    if (values.out) {
      console.error(`已导出 / exported ${kind} at position ${snapshot.position} to ${values.out}`);
    }
    return 0;
  } catch (error) {
    if (!isTaizhangError(error)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    runner.close();
    await store.close();
  }
}

/** stdout cannot be ended: a stream that writes to it and finishes on its own. */
const stdoutStream = () =>
  new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      if (process.stdout.write(chunk)) done();
      else process.stdout.once('drain', () => done());
    },
  });
