/**
 * A record's global (Relay `Node`) id is its stream name, `<kind>-<id>` (`task-42`, `case-7`), so the
 * same string serves `history(streamId:)` and `verifyStream`. Every domain's view builds it here and
 * every lookup by id accepts either form through `plainId`.
 */
export const globalId = (kind: string, id: string): string => `${kind}-${id}`;

/** The record's own id from its global id or from itself: `task-42` and `42` both give `42`. */
export const plainId = (kind: string, id: string): string =>
  id.startsWith(`${kind}-`) ? id.slice(kind.length + 1) : id;

/** A global id split into its kind and the record's own id; null when it has no `<kind>-` prefix. */
export function splitGlobalId(id: string): { kind: string; id: string } | null {
  const match = /^([a-z]+)-(.+)$/s.exec(id);
  return match ? { kind: match[1], id: match[2] } : null;
}
