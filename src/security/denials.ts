import { Kind, type FieldNode, type OperationDefinitionNode, type ValueNode } from 'graphql';
import { isTaizhangError, type TaizhangError } from '../common/errors.js';

/** The codes that count as a denied attempt and go to the access log. */
export const DENIAL_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

/**
 * Our error behind whatever wrapped it: graphql's located errors and Apollo's own error classes keep
 * the thrown error as `originalError`, possibly more than once.
 */
export function taizhangErrorIn(error: unknown): TaizhangError | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    if (isTaizhangError(e)) return e;
    e = (e as { originalError?: unknown }).originalError;
  }
  return undefined;
}

function scalar(
  node: ValueNode | undefined,
  variables: Record<string, unknown> | undefined,
): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables?.[node.name.value];
  if (node.kind === Kind.STRING || node.kind === Kind.INT) return node.value;
  if (node.kind === Kind.OBJECT) {
    return Object.fromEntries(node.fields.map((f) => [f.name.value, scalar(f.value, variables)]));
  }
  return undefined;
}

const TARGET_ARGS = ['id', 'streamId', 'taskId', 'caseId', 'inspectionId'];

/** The record a root field was aimed at: its `id`-like argument, or the same inside `input`. */
export function targetOf(
  operation: OperationDefinitionNode | undefined,
  responseKey: string | number | undefined,
  variables: Record<string, unknown> | undefined,
): string | null {
  const field = operation?.selectionSet.selections.find(
    (s): s is FieldNode =>
      s.kind === Kind.FIELD && (s.alias?.value ?? s.name.value) === responseKey,
  );
  if (!field) return null;
  const args = Object.fromEntries(
    (field.arguments ?? []).map((a) => [a.name.value, scalar(a.value, variables)]),
  );
  const input =
    args.input && typeof args.input === 'object' ? (args.input as Record<string, unknown>) : {};
  for (const source of [args, input]) {
    for (const name of TARGET_ARGS) {
      if (typeof source[name] === 'string' || typeof source[name] === 'number')
        return String(source[name]);
    }
  }
  return null;
}

/** The name a person reads in the log: `query history`, `mutation assignTask`. */
export function operationLabel(
  operation: OperationDefinitionNode | undefined,
  rootField: string | number | undefined,
  operationName: string | null | undefined,
): string {
  const kind = operation?.operation ?? 'request';
  const field = operation?.selectionSet.selections.find(
    (s): s is FieldNode => s.kind === Kind.FIELD && (s.alias?.value ?? s.name.value) === rootField,
  );
  const name = field?.name.value ?? operationName ?? '';
  return name ? `${kind} ${name}` : kind;
}
