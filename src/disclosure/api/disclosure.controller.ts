import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { MEDIA_TYPES } from '../../exchange/export-document.js';
import { HttpEdge, type FileRequest, type FileResponse } from '../../edge/http-edge.js';
import { EXPORT_FORMAT_OF } from '../../exchange/disclosure-content.js';
import { Documents } from '../../exchange/documents.js';
import { DisclosureService } from './disclosure.service.js';
import { ReadModels } from '../../../projections/read-models.js';
import { readScopeOf } from '../../common/region-scope.js';
import { requireDisclosureInScope } from '../../edge/region-scope.js';
import type { DisclosureFormat } from '../domain/disclosure.state.js';

/** GET /api/disclosures/<id>/content: the published document, regenerated from its position. */
@Controller('api/disclosures')
export class DisclosureController {
  constructor(
    private readonly edge: HttpEdge,
    private readonly disclosures: DisclosureService,
    private readonly documents: Documents,
    private readonly readModels: ReadModels,
  ) {}

  @Get(':id/content')
  async content(@Req() req: FileRequest, @Res() res: FileResponse): Promise<void> {
    let actor: Actor | undefined;
    try {
      actor = await this.edge.actor(req);
      requireDisclosureInScope(this.readModels, readScopeOf(actor), `disclosure-${req.params.id}`);
      const { disclosure: d, spec } = await this.disclosures.content(req.params.id);
      const format = EXPORT_FORMAT_OF[d.format as DisclosureFormat];
      res.statusCode = 200;
      res.setHeader('content-type', MEDIA_TYPES[format]);
      res.setHeader(
        'content-disposition',
        `attachment; filename="disclosure-${d.disclosureId}.${format}"`,
      );
      res.setHeader('x-ledger-position', String(d.asOfPosition));
      // The recorded hash: a client can check the bytes it received against it.
      res.setHeader('x-content-sha256', d.sha256);
      await this.documents.render(spec, res);
    } catch (error) {
      this.edge.fail(req, res, error, actor);
    }
  }
}
