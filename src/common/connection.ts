import { BadInputError } from './errors.js';

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
  if (!raw.startsWith(`${tag}:`)) {
    throw new BadInputError(
      '分页游标无效',
      'Invalid cursor: pass an endCursor from this same list',
      {
        field: 'after',
      },
    );
  }
  return raw.slice(tag.length + 1);
}

export function toConnection<T>(
  nodes: T[],
  hasNextPage: boolean,
  totalCount: number,
  cursorOf: (node: T) => string,
): Connection<T> {
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}
