// Apollo runs as ESM inside Nest's driver: take its types from the ESM build, as the driver does.
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server' with {
  'resolution-mode': 'import',
};
import { Plugin } from '@nestjs/apollo';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { Metrics } from './metrics.js';

/**
 * The root field an operation asks for first, when the schema has it. Client-chosen operation names
 * are not labels: any caller could mint series without bound, while root fields are the schema's.
 */
function rootField(rc: GraphQLRequestContext<object>, operation?: OperationDefinitionNode): string {
  const first = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  if (!operation || !first || first.kind !== Kind.FIELD) return '(none)';
  const name = first.name.value;
  if (name === '__typename' || name === '__schema' || name === '__type') return name;
  const type =
    operation.operation === 'mutation'
      ? rc.schema.getMutationType()
      : operation.operation === 'subscription'
        ? rc.schema.getSubscriptionType()
        : rc.schema.getQueryType();
  return type?.getFields()[name] ? name : '(unknown)';
}

/** Counts every GraphQL operation over HTTP by type, root field and outcome code. */
@Plugin()
export class GraphqlMetricsPlugin implements ApolloServerPlugin<object> {
  constructor(private readonly metrics: Metrics) {}

  async requestDidStart(): Promise<{
    willSendResponse(rc: GraphQLRequestContext<object>): Promise<void>;
  }> {
    const metrics = this.metrics;
    return {
      async willSendResponse(rc) {
        const body = rc.response.body;
        const errors = body?.kind === 'single' ? body.singleResult.errors : rc.errors;
        const first = errors?.[0]?.extensions?.code;
        const code = errors?.length ? (typeof first === 'string' ? first : 'INTERNAL') : 'OK';
        const operation = rc.operation?.operation ?? '(unparsed)';
        metrics.graphqlOperation(operation, rootField(rc, rc.operation ?? undefined), code);
      },
    };
  }
}
