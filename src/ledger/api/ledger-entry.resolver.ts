import { Inject } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { FieldChange } from '../../../projections/ledger/field-changes.js';
import type { LedgerEntryRow } from '../../../projections/ledger/ledger.queries.js';
import type { RequestContext } from '../../auth/request-context.js';
import type { JsonValue } from '../../common/json.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import {
  isInternalField,
  redactInternal,
  REDACTED,
  revealInternal,
  seesInternalFields,
  wholeCommitments,
} from './internal-fields.js';

/**
 * Field resolvers of `LedgerEntry`, wherever an entry is served (history, ledger, a record's history,
 * mutation payloads, the live feed): internal contact details are hidden from readers who do not
 * need them, and opened from their commitments for those who do.
 */
@Resolver('LedgerEntry')
export class LedgerEntryResolver {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @ResolveField('data')
  async data(@Parent() entry: LedgerEntryRow, @Context() ctx: RequestContext) {
    if (!seesInternalFields(ctx.actor)) return redactInternal(entry.data);
    const [data] = await revealInternal(this.store, [entry.data]);
    return data;
  }

  @ResolveField('changes')
  async changes(
    @Parent() entry: LedgerEntryRow,
    @Context() ctx: RequestContext,
  ): Promise<FieldChange[]> {
    const changes = wholeCommitments(entry.changes);
    if (seesInternalFields(ctx.actor)) {
      const sides = changes.flatMap((c) => [c.before, c.after] as JsonValue[]);
      const opened = await revealInternal(this.store, sides);
      return changes.map((c, i) => ({
        field: c.field,
        before: opened[2 * i],
        after: opened[2 * i + 1],
      }));
    }
    return changes.map((c) =>
      isInternalField(c.field)
        ? {
            field: c.field,
            before: c.before === null ? null : REDACTED,
            after: c.after === null ? null : REDACTED,
          }
        : { field: c.field, before: redactInternal(c.before), after: redactInternal(c.after) },
    );
  }
}
