import { Inject } from '@nestjs/common';
import { Context, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../auth/request-context.js';
import { Public } from '../../edge/actor.guard.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { ReadModels } from '../../../projections/read-models.js';

@Resolver()
export class SystemResolver {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Public()
  @Query('health')
  async health() {
    return {
      status: 'ok',
      eventStore: this.store.kind,
      headPosition: await this.store.headPosition(),
      readModelPosition: this.readModels.position,
    };
  }

  @Public()
  @Query('me')
  me(@Context() ctx: RequestContext) {
    if (ctx.authError) throw ctx.authError;
    return ctx.actor ?? null;
  }
}
