// Apollo runs as ESM inside Nest's driver: take its types from the ESM build, as the driver does.
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server' with {
  'resolution-mode': 'import',
};
import { Kind, type OperationDefinitionNode } from 'graphql';

/** Different introspection operations remembered at most (the least recently asked goes first). */
const MAX_ENTRIES = 50;

type Result = Record<string, unknown>;

/** Whether every root field of the operation is introspection (`__schema`, `__type`, `__typename`). */
function onlyIntrospection(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === 'query' &&
    operation.selectionSet.selections.every(
      (s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'),
    )
  );
}

/**
 * Answers of introspection-only operations, cached by query, operation name and variables: the schema
 * does not change while the process runs, and the same answer serves every caller allowed to ask
 * (the security plugin refuses the others before this runs). Tools introspect with one fixed query,
 * so a flood of them costs one execution, not one each.
 */
export function introspectionCache<T extends object>(): ApolloServerPlugin<T> {
  const answers = new Map<string, Result>();
  const keyOf = (rc: GraphQLRequestContext<T>) =>
    JSON.stringify([rc.queryHash, rc.operationName ?? null, rc.request.variables ?? {}]);
  return {
    async requestDidStart() {
      return {
        async responseForOperation(rc) {
          if (!onlyIntrospection(rc.operation)) return null;
          const key = keyOf(rc);
          const data = answers.get(key);
          if (!data) return null;
          answers.delete(key);
          answers.set(key, data);
          return { http: rc.response.http, body: { kind: 'single', singleResult: { data } } };
        },
        async willSendResponse(rc) {
          const body = rc.response.body;
          if (!rc.operation || !onlyIntrospection(rc.operation) || body.kind !== 'single') return;
          const { data, errors } = body.singleResult;
          if (!data || errors?.length) return;
          const key = keyOf(rc);
          if (answers.has(key)) return;
          answers.set(key, data);
          if (answers.size > MAX_ENTRIES) answers.delete(answers.keys().next().value as string);
        },
      };
    },
  };
}
