import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { FieldChange } from '../../../projections/ledger/field-changes.js';
import type { LedgerEntryRow } from '../../../projections/ledger/ledger.queries.js';
import type { RequestContext } from '../../auth/request-context.js';
import {
  isInternalField,
  redactInternal,
  REDACTED,
  seesInternalFields,
} from './internal-fields.js';

/**
 * Field resolvers of `LedgerEntry`, wherever an entry is served (history, ledger, a record's history,
 * mutation payloads, the live feed): internal contact details are hidden from readers who do not
 * need them.
 */
@Resolver('LedgerEntry')
export class LedgerEntryResolver {
  @ResolveField('data')
  data(@Parent() entry: LedgerEntryRow, @Context() ctx: RequestContext) {
    return seesInternalFields(ctx.actor) ? entry.data : redactInternal(entry.data);
  }

  @ResolveField('changes')
  changes(@Parent() entry: LedgerEntryRow, @Context() ctx: RequestContext): FieldChange[] {
    if (seesInternalFields(ctx.actor)) return entry.changes;
    return entry.changes.map((c) =>
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
