/**
 * Export benchmark: rows per second and peak RSS streaming the rectification ledger to XLSX and CSV,
 * at 25,000 and 100,000 tasks, to show that memory does not grow with the row count.
 * `npm run bench:export`; sizes from env: BENCH_EXPORT_ROWS ("25000,100000"), BENCH_DIR (os temp).
 *
 * Each (rows, format) runs in a child process of its own, so its peak RSS (getrusage maxrss) is the
 * export's alone. The read-model file is seeded once per size by applying synthetic TaskListed and
 * TaskAssigned events through the real ledger projection: the export reads exactly what the API
 * would, without timing the write side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ledgerProjection } from '../projections/ledger/ledger.projection.js';
import { RECORD_KINDS } from '../projections/ledger/record-kinds.js';
import type { RecordedEvent } from '../src/event-store/event-store.port.js';
import { buildDocument } from '../src/exchange/build-document.js';
import { resolveSnapshot } from '../src/exchange/snapshot.js';
import { writeDocument } from '../src/exchange/writers/index.js';
import { HashingSink } from '../src/exchange/writers/sink.js';

const AT = '2025-01-01T00:00:00.000Z';

function seed(file: string, rows: number): void {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF');
  const ledger = ledgerProjection(RECORD_KINDS);
  ledger.setup(db);
  let position = 0n;
  const event = (streamId: string, type: string, data: Record<string, unknown>, revision: bigint) =>
    ({
      streamId,
      type,
      data: { ...data, at: AT },
      revision,
      position: ++position,
      eventId: `e${position}`,
      metadata: {
        actor: { id: 'bench', name: 'bench', role: 'ADMIN', organisation: 'bench' },
        commandId: `c${position}`,
        correlationId: `c${position}`,
        causationId: `c${position}`,
        recordedAt: AT,
        schemaVersion: 1,
        prevHash: '0'.repeat(64),
        hash: '0'.repeat(64),
      },
    }) as unknown as RecordedEvent;
  db.exec('BEGIN');
  for (let i = 1; i <= rows; i++) {
    const taskId = `BENCH-${String(i).padStart(6, '0')}`;
    const stream = `task-${taskId}`;
    ledger.apply(
      event(
        stream,
        'TaskListed',
        {
          taskId,
          inspectionId: 'BENCH',
          number: i,
          title: `第 ${i} 项整改任务：工业园区污水集中处理设施建设`,
          problem:
            '部分工业园区污水集中处理设施建设滞后，配套管网不完善，存在超标排放问题。'.repeat(2),
        },
        0n,
      ),
      db,
    );
    ledger.apply(
      event(
        stream,
        'TaskAssigned',
        {
          leadUnit: '赣州市人民政府',
          supportingUnits: ['省生态环境厅', '省住房城乡建设厅'],
          responsibleLeader: { name: '赵刚', position: '副市长', phone: '13800000000' },
          acceptanceUnit: '省生态环境厅',
          target: '园区污水集中处理设施稳定运行，达标排放。',
          measures: '新建园区污水处理厂；完善配套管网；加强在线监测。',
          deadline: '2025-12-31T00:00:00.000Z',
          longTerm: i % 7 === 0,
          category: '水污染',
          regionCode: '360700',
          regionName: '赣州市',
          signOffTier: i % 3 === 0 ? 'PROVINCIAL' : 'CITY',
        },
        1n,
      ),
      db,
    );
    if (i % 10_000 === 0) db.exec('COMMIT; BEGIN');
  }
  db.exec('COMMIT');
  db.close();
}

/** Child: one export, reporting time and peak RSS. */
async function runOne(file: string, format: 'xlsx' | 'csv'): Promise<void> {
  const db = new DatabaseSync(file, { readOnly: false });
  const snapshot = resolveSnapshot(db);
  const doc = buildDocument(db, { kind: 'ledger', snapshot });
  const sink = new HashingSink();
  const started = process.hrtime.bigint();
  await writeDocument(doc, format, sink);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rows = (
    db.prepare('SELECT COUNT(DISTINCT stream_id) AS n FROM ledger_entries').get() as { n: number }
  ).n;
  db.close();
  console.log(
    JSON.stringify({
      rows,
      format,
      seconds,
      bytes: sink.size,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

/**
 * With default flags V8 lets its young generation grow with the allocation rate, which shows as RSS
 * that creeps up with the run's length though the live heap stays ~15 MB; pinning the semi-space
 * shows what the export itself holds.
 */
const RUNS: [format: 'xlsx' | 'csv', flags: string[]][] = [
  ['xlsx', []],
  ['csv', []],
  ['xlsx', ['--max-semi-space-size=4']],
  ['csv', ['--max-semi-space-size=4']],
];

async function main(): Promise<void> {
  if (process.argv[2] === '--child')
    return runOne(process.argv[3], process.argv[4] as 'xlsx' | 'csv');
  const sizes = (process.env.BENCH_EXPORT_ROWS ?? '25000,100000').split(',').map(Number);
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'taizhang-bench-export-'));
  try {
    console.log('| tasks | format | node flags | seconds | rows/s | output MB | peak RSS MB |');
    console.log('|---:|---|---|---:|---:|---:|---:|');
    for (const rows of sizes) {
      const file = join(dir, `readmodels-${rows}.db`);
      if (!existsSync(file)) seed(file, rows);
      for (const [format, flags] of RUNS) {
        const child = spawnSync(process.execPath, [...flags, __filename, '--child', file, format], {
          encoding: 'utf8',
        });
        if (child.status !== 0) throw new Error(child.stderr);
        const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
          rows: number;
          format: string;
          seconds: number;
          bytes: number;
          peakRssMb: number;
        };
        console.log(
          `| ${r.rows.toLocaleString('en')} | ${r.format} | ${flags.join(' ') || '(default)'} | ${r.seconds.toFixed(2)} | ${Math.round(r.rows / r.seconds).toLocaleString('en')} | ${(r.bytes / 1e6).toFixed(1)} | ${r.peakRssMb.toFixed(0)} |`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
