import {
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { LimitsConfig } from '../config/config.js';
import { QueryTooComplexError } from './security.errors.js';

export interface QueryMeasure {
  /** Deepest field nesting outside introspection. */
  readonly depth: number;
  readonly aliases: number;
  /** Estimated number of field values the answer can hold: lists count `first` times. */
  readonly cost: number;
  readonly introspects: boolean;
}

/** Default page size of connections without `first` (see schema: `first: Int = 50`). */
const DEFAULT_PAGE = 50;
/** The introspection query of graphql-js nests `ofType` about 13 deep; deeper is abuse. */
const MAX_INTROSPECTION_DEPTH = 20;
/**
 * What an introspection root field costs, whatever is selected under it. The whole schema
 * (`__schema`, graphql-js's introspection query) answers with about 10,500 values, 190 KB, 70 ms of
 * CPU: it costs 2,000, so two fit the default budget and twenty aliased ones do not. One type
 * (`__type`) is a few dozen values.
 */
export const INTROSPECTION_COST: Readonly<Record<string, number>> = { __schema: 2000, __type: 50 };

/**
 * Fields whose answer grows with what was recorded rather than being one value: a ledger entry's
 * `data` and `changes` (up to the per-event limits, tens of KB) cost this many values each, so a
 * full page of entries with both still fits the budget and a bulk pull of them does not (four
 * aliased `history(first: 100) { edges { node { data } } }` are over the default 5,000).
 */
export const SIZE_CHARGE: Readonly<Record<string, number>> = { data: 10, changes: 10 };

type Variables = Readonly<Record<string, unknown>> | undefined;

function intValue(node: ValueNode | undefined, variables: Variables): number | undefined {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    const v = variables?.[node.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

/** How many times a field's selection is repeated in the answer. */
function multiplier(field: FieldNode, variables: Variables): number {
  const first = intValue(field.arguments?.find((a) => a.name.value === 'first')?.value, variables);
  if (first !== undefined) return Math.max(1, Math.min(first, 1_000_000));
  const isConnection = field.selectionSet?.selections.some(
    (s) => s.kind === Kind.FIELD && (s.name.value === 'edges' || s.name.value === 'nodes'),
  );
  return isConnection ? DEFAULT_PAGE : 1;
}

/**
 * Measures an operation from its syntax alone (fragments expanded), so the same check serves HTTP
 * and WebSocket requests and needs no schema. Runs after validation, which rejects fragment cycles;
 * the `seen` guard is for documents that skipped it.
 */
export function measureOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables?: Variables,
): QueryMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  let aliases = 0;
  let depth = 0;
  let introspectionDepth = 0;
  let introspects = false;

  const walk = (
    set: SelectionSetNode,
    level: number,
    weight: number,
    inIntrospection: boolean,
    seen: ReadonlySet<string>,
  ): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const introspection =
          inIntrospection ||
          selection.name.value === '__schema' ||
          selection.name.value === '__type';
        if (introspection && !inIntrospection) {
          introspects = true;
          cost += weight * (INTROSPECTION_COST[selection.name.value] ?? 0);
        }
        if (selection.alias) aliases++;
        if (introspection) introspectionDepth = Math.max(introspectionDepth, level);
        else depth = Math.max(depth, level);
        if (introspection || selection.name.value === '__typename') {
          if (selection.selectionSet) walk(selection.selectionSet, level + 1, 1, true, seen);
          continue;
        }
        cost += weight * (1 + (SIZE_CHARGE[selection.name.value] ?? 0));
        if (selection.selectionSet) {
          cost += walk(
            selection.selectionSet,
            level + 1,
            weight * multiplier(selection, variables),
            false,
            seen,
          );
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(selection.selectionSet, level, weight, inIntrospection, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name)) {
          cost += walk(
            fragment.selectionSet,
            level,
            weight,
            inIntrospection,
            new Set([...seen, name]),
          );
        }
      }
    }
    return cost;
  };

  const cost = walk(operation.selectionSet, 1, 1, false, new Set());
  if (introspectionDepth > MAX_INTROSPECTION_DEPTH) depth = Math.max(depth, introspectionDepth);
  return { depth, aliases, cost, introspects };
}

/** QUERY_TOO_COMPLEX naming the limit broken, its value and the measure, or nothing. */
export function assertWithinLimits(measure: QueryMeasure, limits: LimitsConfig): void {
  const over = (what: string, zh: string, value: number, limit: number) =>
    new QueryTooComplexError(
      `查询过于复杂：${zh} ${value} 超过上限 ${limit}`,
      `Query too complex: ${what} ${value} exceeds the limit of ${limit}`,
      { limit: what, value, max: limit },
    );
  if (measure.depth > limits.maxDepth)
    throw over('depth', '嵌套深度', measure.depth, limits.maxDepth);
  if (measure.aliases > limits.maxAliases)
    throw over('aliases', '别名数量', measure.aliases, limits.maxAliases);
  if (measure.cost > limits.maxCost) throw over('cost', '估算成本', measure.cost, limits.maxCost);
}
