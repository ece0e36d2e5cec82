import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { ReadModels } from '../../../projections/read-models.js';
import type { Actor } from '../../common/actor.js';
import { CLOCK, type Clock } from '../../common/clock.js';
import { integerIn, optionalIsoTime } from '../../common/validation.js';
import { CurrentActor } from '../../edge/actor.guard.js';
import { readScope } from '../../edge/region-scope.js';

/** The national roll-up (全国汇总): every province for the central office, its own for a province. */
@Resolver()
export class NationalResolver {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query('nationalSummary')
  nationalSummary(
    @Args('round') round: number,
    @Args('asOf') asOf: string | null | undefined,
    @CurrentActor() actor: Actor,
  ) {
    const r = integerIn('round', round, 1, 10_000);
    const moment = optionalIsoTime('asOf', asOf) ?? undefined;
    const at = moment ?? this.clock.now().toISOString();
    return this.readModels.national.summary(r, at, readScope(actor), moment);
  }
}
