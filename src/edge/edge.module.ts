import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ActorGuard } from './actor.guard.js';
import { PassToGraphqlFilter } from './exception.filter.js';
import { HttpEdge } from './http-edge.js';
import { Mutations } from './mutations.js';

/** What every api folder shares: the auth guard, the error filter, mutations and the file-route edge. */
@Global()
@Module({
  providers: [
    { provide: APP_GUARD, useClass: ActorGuard },
    { provide: APP_FILTER, useClass: PassToGraphqlFilter },
    Mutations,
    HttpEdge,
  ],
  exports: [Mutations, HttpEdge],
})
export class EdgeModule {}
