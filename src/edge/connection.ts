import { BadInputError } from '../common/errors.js';

export const MAX_PAGE = 100;

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Relay `first`: 1..100, or BAD_USER_INPUT saying so. */
export function pageSize(first: number | null | undefined, fallback = 50): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
    throw new BadInputError(
      `first 须为 1 至 ${MAX_PAGE} 的整数`,
      `first must be an integer from 1 to ${MAX_PAGE}`,
      { field: 'first' },
    );
  }
  return n;
}

/** Cursors are opaque to clients: a tagged, base64url-encoded key. */
export const encodeCursor = (tag: string, key: string | number | bigint): string =>
  Buffer.from(`${tag}:${key}`).toString('base64url');

export function decodeCursor(tag: string, cursor: string | null | undefined): string | undefined {
  if (cursor == null) return undefined;
  const raw = Buffer.from(cursor, 'base64url').toString();
  if (!raw.startsWith(`${tag}:`)) badCursor();
  return raw.slice(tag.length + 1);
}

/** A cursor that holds a ledger position (exclusive); no cursor means from the start. */
export function decodePositionCursor(tag: string, cursor: string | null | undefined): bigint {
  const raw = decodeCursor(tag, cursor);
  if (raw === undefined) return 0n;
  if (!/^\d{1,20}$/.test(raw)) badCursor();
  return BigInt(raw);
}

/** Refuses a cursor that did not come from the list it is passed back to. */
export function badCursor(): never {
  throw new BadInputError('分页游标无效', 'Invalid cursor: pass an endCursor from this same list', {
    field: 'after',
  });
}

/**
 * Rows of one page as a Relay connection; `nodeOf` turns a row into what the client sees when the
 * row also carries what only the cursor needs.
 */
export function toConnection<R, N = R>(
  rows: R[],
  hasNextPage: boolean,
  totalCount: number,
  cursorOf: (row: R) => string,
  nodeOf: (row: R) => N = (row) => row as unknown as N,
): Connection<N> {
  const edges = rows.map((row) => ({ cursor: cursorOf(row), node: nodeOf(row) }));
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}
