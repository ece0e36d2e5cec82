import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import { CommandSender } from '../commands/command-sender.js';
import { BadInputError } from '../common/errors.js';
import { CONFIG, type Config } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ReadModels } from '../../projections/read-models.js';
import { buildDocument, exportFormat, exportKind } from './build-document.js';
import { authoriseImport } from './exchange.policy.js';
import { MEDIA_TYPES } from './export-document.js';
import { HttpEdge, type FileRequest, type FileResponse } from '../edge/http-edge.js';
import { complaintSender, taskReader, taskSender } from './import-commands.js';
import { importComplaintSheet, optionalBatch } from './complaint-import.js';
import { importRectificationList, requireInspectionId } from './importer.js';
import { assertInspectionExists } from './inspection-exists.js';
import { uploadedFile } from './request-body.js';
import { resolveSnapshot } from './snapshot.js';
import { writeDocument } from './writers/index.js';
import { readScopeOf } from '../common/region-scope.js';
import { requireExportInScope, requireInspectionInScope } from '../edge/region-scope.js';

const flag = (v: unknown) => v === 'true' || v === '1' || v === '';
const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Files over plain HTTP, behind the same bearer tokens: list upload and document downloads. */
@Controller('api')
export class ExchangeController {
  constructor(
    private readonly edge: HttpEdge,
    private readonly commands: CommandSender,
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Pick<Config, 'imports'>,
  ) {}

  /** POST /api/import?inspectionId=ID[&dryRun=true][&skipInvalid=true][&amend=REASON], the file as the body. */
  @Post('import')
  async import(@Req() req: FileRequest, @Res() res: FileResponse): Promise<void> {
    let actor: Actor | undefined;
    try {
      actor = await this.edge.actor(req);
      authoriseImport(actor);
      const inspectionId = requireInspectionId(req.query.inspectionId);
      const { regionCode } = await assertInspectionExists(this.store, inspectionId);
      requireInspectionInScope(this.readModels, readScopeOf(actor), inspectionId);
      const limits = this.config.imports;
      const file = await uploadedFile(req, limits);
      const report = await importRectificationList(
        file,
        {
          inspectionId,
          regionCode,
          actor,
          limits,
          dryRun: flag(req.query.dryRun),
          skipInvalid: flag(req.query.skipInvalid),
          // Present but empty is an error (amending needs a reason), not the same as absent.
          amend:
            typeof req.query.amend === 'string'
              ? { reason: req.query.amend, readTask: taskReader(this.store) }
              : undefined,
        },
        taskSender(this.commands, actor),
      );
      // A real run stopped by bad rows wrote nothing: say so with the status as well as the report.
      res.statusCode = !report.dryRun && !report.written ? 422 : 200;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(report));
    } catch (error) {
      this.edge.fail(req, res, error, actor);
    }
  }

  /**
   * POST /api/import/complaints?inspectionId=ID[&batch=N][&dryRun=true][&skipInvalid=true]: the
   * inspection team's daily handover sheet (信访举报件交办清单), the file as the body.
   */
  @Post('import/complaints')
  async importComplaints(@Req() req: FileRequest, @Res() res: FileResponse): Promise<void> {
    let actor: Actor | undefined;
    try {
      actor = await this.edge.actor(req);
      authoriseImport(actor, { zh: '信访举报件交办清单', en: 'a complaint handover sheet' });
      const inspectionId = requireInspectionId(req.query.inspectionId);
      const batch = optionalBatch(req.query.batch);
      await assertInspectionExists(this.store, inspectionId);
      requireInspectionInScope(this.readModels, readScopeOf(actor), inspectionId);
      const limits = this.config.imports;
      const file = await uploadedFile(req, limits);
      const report = await importComplaintSheet(
        file,
        {
          inspectionId,
          actor,
          batch,
          limits,
          dryRun: flag(req.query.dryRun),
          skipInvalid: flag(req.query.skipInvalid),
        },
        complaintSender(this.commands, actor),
      );
      res.statusCode = !report.dryRun && !report.written ? 422 : 200;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(report));
    } catch (error) {
      this.edge.fail(req, res, error, actor);
    }
  }

  /**
   * GET /api/export/<kind>.<format>[?asOf=ISO | ?position=N][&inspectionId=ID][&batch=N][&roundId=ID]
   */
  @Get('export/:file')
  async export(@Req() req: FileRequest, @Res() res: FileResponse): Promise<void> {
    let actor: Actor | undefined;
    try {
      actor = await this.edge.actor(req);
      const m = /^([a-z-]+)\.([a-z]+)$/.exec(req.params.file ?? '');
      if (!m) {
        throw new BadInputError(
          '路径应为 /api/export/<类型>.<格式>，如 ledger.xlsx',
          'The path is /api/export/<kind>.<format>, e.g. ledger.xlsx',
          { field: 'file' },
        );
      }
      const kind = exportKind(m[1]);
      const format = exportFormat(kind, m[2]);
      requireExportInScope(this.readModels, readScopeOf(actor), {
        inspectionId: text(req.query.inspectionId),
        roundId: text(req.query.roundId),
      });
      const db = this.readModels.database;
      const snapshot = resolveSnapshot(db, {
        asOf: text(req.query.asOf),
        position: text(req.query.position),
      });
      const doc = buildDocument(db, {
        kind,
        snapshot,
        inspectionId: text(req.query.inspectionId),
        collectionRoundId: text(req.query.roundId),
        batch: optionalBatch(req.query.batch),
      });
      const name = `${kind}-${snapshot.position}.${format}`;
      res.statusCode = 200;
      res.setHeader('content-type', MEDIA_TYPES[format]);
      res.setHeader('content-disposition', `attachment; filename="${name}"`);
      res.setHeader('x-ledger-position', String(snapshot.position));
      res.setHeader('x-as-of', snapshot.at);
      await writeDocument(doc, format, res);
    } catch (error) {
      this.edge.fail(req, res, error, actor);
    }
  }
}
