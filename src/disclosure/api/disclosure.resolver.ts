import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type {
  DisclosureFilter,
  DisclosureRow,
} from '../../../projections/disclosure/disclosures.projection.js';

import { decodeCursor, encodeCursor, pageSize, toConnection } from '../../edge/connection.js';
import type { Actor } from '../../common/actor.js';
import { isTaizhangError } from '../../common/errors.js';
import { globalId, plainId } from '../../common/global-id.js';
import { CurrentActor } from '../../edge/actor.guard.js';
import { disclosureVisible, readScope, requireDisclosureInScope } from '../../edge/region-scope.js';
import { ReadModels } from '../../../projections/read-models.js';
import { DisclosureService, type PublishInput } from './disclosure.service.js';

const localId = (id: string) => plainId('disclosure', id);

@Resolver('Disclosure')
export class DisclosureResolver {
  constructor(
    private readonly disclosures: DisclosureService,
    private readonly readModels: ReadModels,
  ) {}

  @Query('disclosures')
  list(
    @Args('filter') filter: DisclosureFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    const size = pageSize(first);
    const from = decodeCursor('disclosure', after);
    const scoped = { ...filter, scopeProvince: readScope(actor) };
    const page = this.disclosures.list(scoped, size, from ? BigInt(from) : 0n);
    return toConnection(page.rows, page.hasNext, page.totalCount, (d) =>
      encodeCursor('disclosure', d.position),
    );
  }

  @Query('disclosure')
  one(@Args('id') id: string, @CurrentActor() actor: Actor) {
    if (
      !disclosureVisible(this.readModels, readScope(actor), globalId('disclosure', localId(id)))
    ) {
      return null;
    }
    try {
      return this.disclosures.get(localId(id));
    } catch (error) {
      if (isTaizhangError(error) && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  @Query('verifyDisclosure')
  async verify(@Args('id') id: string, @CurrentActor() actor: Actor) {
    requireDisclosureInScope(
      this.readModels,
      readScope(actor),
      globalId('disclosure', localId(id)),
    );
    const v = await this.disclosures.verify(localId(id));
    return {
      disclosure: v.disclosure,
      ok: v.ok,
      recordedSha256: v.disclosure.sha256,
      regeneratedSha256: v.regeneratedSha256,
      recordedSize: v.disclosure.size,
      regeneratedSize: v.regeneratedSize,
    };
  }

  @Mutation('publishDisclosure')
  publish(@CurrentActor() actor: Actor, @Args('input') input: PublishInput) {
    return this.disclosures.publish(input, actor);
  }

  @ResolveField('id')
  id(@Parent() d: DisclosureRow) {
    return globalId('disclosure', d.disclosureId);
  }

  @ResolveField('collectionRoundId')
  collectionRoundId(@Parent() d: DisclosureRow) {
    return this.disclosures.collectionRoundIdOf(d.disclosureId);
  }

  @ResolveField('contentUrl')
  contentUrl(@Parent() d: DisclosureRow) {
    return `/api/disclosures/${encodeURIComponent(d.disclosureId)}/content`;
  }
}
