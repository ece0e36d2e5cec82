import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { DisclosureFilter, DisclosureRow } from '../../projections/disclosures.projection.js';
import { requireActor, type RequestContext } from '../auth/request-context.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../common/connection.js';
import { isTaizhangError } from '../common/errors.js';
import { DisclosureService, type PublishInput } from './disclosure.service.js';

const localId = (id: string) => id.replace(/^disclosure-/, '');

@Resolver('Disclosure')
export class DisclosureResolver {
  constructor(private readonly disclosures: DisclosureService) {}

  @Query('disclosures')
  list(
    @Context() ctx: RequestContext,
    @Args('filter') filter?: DisclosureFilter,
    @Args('first') first?: number,
    @Args('after') after?: string,
  ) {
    requireActor(ctx);
    const size = pageSize(first);
    const from = decodeCursor('disclosure', after);
    const page = this.disclosures.list(filter ?? {}, size, from ? BigInt(from) : 0n);
    return toConnection(page.rows, page.hasNext, page.totalCount, (d) =>
      encodeCursor('disclosure', d.position),
    );
  }

  @Query('disclosure')
  one(@Context() ctx: RequestContext, @Args('id') id: string) {
    requireActor(ctx);
    try {
      return this.disclosures.get(localId(id));
    } catch (error) {
      if (isTaizhangError(error) && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  @Query('verifyDisclosure')
  async verify(@Context() ctx: RequestContext, @Args('id') id: string) {
    requireActor(ctx);
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
  publish(@Context() ctx: RequestContext, @Args('input') input: PublishInput) {
    return this.disclosures.publish(input, requireActor(ctx));
  }

  @ResolveField('id')
  id(@Parent() d: DisclosureRow) {
    return `disclosure-${d.disclosureId}`;
  }

  @ResolveField('contentUrl')
  contentUrl(@Parent() d: DisclosureRow) {
    return `/api/disclosures/${encodeURIComponent(d.disclosureId)}/content`;
  }
}
