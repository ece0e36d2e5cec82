import { Args, Context, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccountabilityQueriesResolver } from '../accountability/accountability.queries.resolver.js';
import { requireActor, type RequestContext } from '../auth/request-context.js';
import { BadInputError } from '../common/errors.js';
import { splitGlobalId } from '../common/global-id.js';
import { recordId } from '../common/validation.js';
import { DisclosureResolver } from '../disclosure/disclosure.resolver.js';
import { InspectionResolver } from '../inspections/inspection.resolver.js';
import { TaskQueriesResolver } from '../tasks/task.queries.resolver.js';

type NodeType = 'Task' | 'Inspection' | 'AccountabilityCase' | 'Disclosure';

/** What `node` answers: the very object the record's own query gives, tagged with its type. */
type NodeValue = object & { readonly __typename: NodeType };

/**
 * Relay's `node(id)`: the global id's kind picks the record's own query (`task`, `inspection`,
 * `accountabilityCase`, `disclosure`), so a record reads the same whichever way it is asked for.
 */
@Resolver('Node')
export class NodeResolver {
  constructor(
    private readonly tasks: TaskQueriesResolver,
    private readonly inspections: InspectionResolver,
    private readonly cases: AccountabilityQueriesResolver,
    private readonly disclosures: DisclosureResolver,
  ) {}

  @Query('node')
  node(@Context() ctx: RequestContext, @Args('id') id: string): NodeValue | null {
    requireActor(ctx);
    const parts = splitGlobalId(id);
    if (!parts) {
      throw new BadInputError(
        'id：全局编号应为 <类型>-<编号>，如 task-42、case-7',
        'id: a global id is <kind>-<id>, e.g. task-42 or case-7',
        { field: 'id' },
      );
    }
    recordId('id', parts.id);
    const [type, found] = this.lookup(ctx, parts.kind, id) ?? [];
    return type && found ? { ...found, __typename: type } : null;
  }

  /** Unknown kinds find nothing: a client may hold ids of kinds this server does not serve. */
  private lookup(ctx: RequestContext, kind: string, id: string): [NodeType, object | null] | null {
    switch (kind) {
      case 'task':
        return ['Task', this.tasks.task(ctx, id)];
      case 'inspection':
        return ['Inspection', this.inspections.inspection(ctx, id)];
      case 'case':
        return ['AccountabilityCase', this.cases.accountabilityCase(ctx, id)];
      case 'disclosure':
        return ['Disclosure', this.disclosures.one(ctx, id)];
      default:
        return null;
    }
  }

  @ResolveField()
  __resolveType(value: NodeValue): NodeType {
    return value.__typename;
  }
}
