import { Args, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccountabilityQueriesResolver } from '../../accountability/api/accountability.queries.resolver.js';

import { CollectionResolver } from '../../collection/api/collection.resolver.js';
import { ComplaintQueriesResolver } from '../../complaints/api/complaint.queries.resolver.js';
import { BadInputError } from '../../common/errors.js';
import { splitGlobalId } from '../../common/global-id.js';
import { recordId } from '../../common/validation.js';
import type { Actor } from '../../common/actor.js';
import { CurrentActor } from '../../edge/actor.guard.js';
import { DisclosureResolver } from '../../disclosure/api/disclosure.resolver.js';
import { InspectionResolver } from '../../inspections/api/inspection.resolver.js';
import { TaskQueriesResolver } from '../../tasks/api/task.queries.resolver.js';

type NodeType =
  'Task' | 'Inspection' | 'AccountabilityCase' | 'Disclosure' | 'CollectionRound' | 'ComplaintCase';

/** What `node` answers: the very object the record's own query gives, tagged with its type. */
type NodeValue = object & { readonly __typename: NodeType };

/**
 * Relay's `node(id)`: the global id's kind picks the record's own query (`task`, `inspection`,
 * `accountabilityCase`, `disclosure`, `complaintCase`), so a record reads the same whichever way it is asked for.
 */
@Resolver('Node')
export class NodeResolver {
  constructor(
    private readonly tasks: TaskQueriesResolver,
    private readonly inspections: InspectionResolver,
    private readonly cases: AccountabilityQueriesResolver,
    private readonly disclosures: DisclosureResolver,
    private readonly rounds: CollectionResolver,
    private readonly complaints: ComplaintQueriesResolver,
  ) {}

  @Query('node')
  node(@Args('id') id: string, @CurrentActor() actor: Actor): NodeValue | null {
    const parts = splitGlobalId(id);
    if (!parts) {
      throw new BadInputError(
        'id：全局编号应为 <类型>-<编号>，如 task-42、case-7',
        'id: a global id is <kind>-<id>, e.g. task-42 or case-7',
        { field: 'id' },
      );
    }
    recordId('id', parts.id);
    const [type, found] = this.lookup(parts.kind, id, actor) ?? [];
    return type && found ? { ...found, __typename: type } : null;
  }

  /** Unknown kinds find nothing: a client may hold ids of kinds this server does not serve. */
  private lookup(kind: string, id: string, actor: Actor): [NodeType, object | null] | null {
    switch (kind) {
      case 'task':
        return ['Task', this.tasks.task(id, undefined, actor)];
      case 'inspection':
        return ['Inspection', this.inspections.inspection(id, actor)];
      case 'case':
        return ['AccountabilityCase', this.cases.accountabilityCase(id, undefined, actor)];
      case 'disclosure':
        return ['Disclosure', this.disclosures.one(id, actor)];
      case 'collection':
        return ['CollectionRound', this.rounds.collectionRound(id, undefined, actor)];
      case 'complaint':
        return ['ComplaintCase', this.complaints.complaintCase(id, undefined, actor)];
      default:
        return null;
    }
  }

  @ResolveField()
  __resolveType(value: NodeValue): NodeType {
    return value.__typename;
  }
}
