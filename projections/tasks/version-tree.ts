/**
 * Where a version row of `task_versions` lives, so the rows live at a moment are read as a few exact
 * index ranges instead of every version superseded after it (a relational interval tree, Kriegel et
 * al. 2000). Time runs in whole seconds along a binary tree; a version live over [recorded, superseded)
 * hangs at the highest node whose midpoint its span contains (its fork), one node a row.
 *
 * A moment `t` lies under exactly one node of each level. A row hanging at such a node contains the
 * node's midpoint, so: at a node whose midpoint is after `t` the row is live at `t` exactly when it was
 * recorded by `t` (a range of the table's key, which orders a node's rows by recorded time); at a node
 * whose midpoint is at or before `t`, exactly when it is superseded after `t` (a range of the index on
 * superseded time). Rows within one second of each other sit at a leaf (level 0) and are filtered.
 * Rows still live (superseded in the far future) all hang near the root, on the recorded side.
 */

/** Levels 0..LEVELS-1 cover every second up to 2^38 (the year 10,680), past the far-future LIVE mark. */
const LEVELS = 39;

const second = (ms: number): number => Math.floor(ms / 1000);

/** A node's number: its bucket (the second shifted right by its level) and its level. */
const nodeOf = (bucket: number, level: number): number => bucket * 64 + level;

/** The node a version live over [recordedMs, supersededMs) hangs at. */
export function versionNode(recordedMs: number, supersededMs: number): number {
  let a = second(recordedMs);
  // The last moment the row is live; an empty span (superseded when recorded) is never live.
  let b = second(Math.max(recordedMs, supersededMs - 1));
  let level = 0;
  while (a !== b) {
    a = Math.floor(a / 2);
    b = Math.floor(b / 2);
    level++;
  }
  return nodeOf(b, level);
}

/**
 * The nodes to read for the rows live at `atMs`: `recorded` ones by recorded time (recorded at or
 * before the moment), `superseded` ones by superseded time (superseded after it); the leaf is read
 * with both conditions and listed with the recorded ones.
 */
export function momentNodes(atMs: number): { recorded: number[]; superseded: number[] } {
  const t = second(atMs);
  const recorded: number[] = [nodeOf(t, 0)];
  const superseded: number[] = [];
  for (let level = 1; level < LEVELS; level++) {
    const size = 2 ** level;
    const bucket = Math.floor(t / size);
    const midpoint = bucket * size + size / 2;
    (t < midpoint ? recorded : superseded).push(nodeOf(bucket, level));
  }
  return { recorded, superseded };
}
