/**
 * Substring search over titles and problems without a word list, for Chinese text where a search
 * term is often two characters (赣江) and FTS5's trigram tokenizer would fall back to a full scan.
 *
 * A text is indexed as its overlapping character pairs, plus its last character alone, each written
 * as a hex token (so FTS5's tokenizer never splits one). A query of n >= 2 characters is the FTS5
 * phrase of its n - 1 pairs: consecutive pairs at consecutive positions match exactly where the query
 * is a substring. One character is a prefix query: every pair starting with it, or the lone last one.
 * ASCII letters are folded to lower case on both sides, as SQL LIKE does.
 */

const fold = (text: string): string[] => Array.from(text.replace(/[A-Z]/g, (c) => c.toLowerCase()));

const hexOf = (code: number): string => code.toString(16).padStart(6, '0');
// The BMP's tokens as met (a rebuild indexes every title and problem): at most 65,536 short strings.
const bmpHexes: (string | undefined)[] = [];
const hexOfCode = (code: number): string =>
  code > 0xffff ? hexOf(code) : (bmpHexes[code] ??= hexOf(code));
const hex = (c: string): string => hexOfCode(c.codePointAt(0)!);

/** The tokens FTS5 indexes for one text. */
export function textTokens(text: string): string {
  // One pass over the code points, no arrays: this ran once for every title and problem of a
  // rebuild (about 9 us a task in the arrays' way).
  let tokens = '';
  let last = '';
  for (let i = 0; i < text.length;) {
    let code = text.codePointAt(i)!;
    i += code > 0xffff ? 2 : 1;
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    const h = hexOfCode(code);
    if (last) tokens += `${tokens ? ' ' : ''}x${last}${h}`;
    last = h;
  }
  return last ? `${tokens}${tokens ? ' ' : ''}x${last}` : '';
}

/**
 * The text index, and how FTS5 writes it. A title and problem are about 90 tokens, and a rebuild
 * indexes an inspection's 8,700 tasks a transaction: with FTS5's default 1 MiB of pending terms it
 * wrote a small segment every hundred tasks or so and merged them again and again, 13 to 27 us a
 * task. With 8 MiB held and 8 segments of a level merged at a time rather than 4: 9.5 to 11 us
 * (bench:task-text, 200,000 tasks of bench:scale). Both are kept in the index's config table.
 */
export const TEXT_INDEX_SQL = `
CREATE VIRTUAL TABLE IF NOT EXISTS task_text USING fts5 (title, problem, content = '', contentless_delete = 1);
INSERT INTO task_text (task_text, rank) VALUES ('hashsize', ${8 * 2 ** 20});
INSERT INTO task_text (task_text, rank) VALUES ('automerge', 8);
`;

/** The FTS5 MATCH expression finding every text that contains `query` (non-empty). */
export function textMatch(query: string): string {
  const chars = fold(query);
  if (chars.length === 1) return `x${hex(chars[0])}*`;
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(`x${hex(chars[i])}${hex(chars[i + 1])}`);
  return `"${pairs.join(' ')}"`;
}

/**
 * A text row's rowid is its inspection's rank (text-inspections.ts) above the task's seq, so one
 * inspection's matches are one rowid range that FTS5 walks in seq order and stops at a LIMIT: a
 * page of the list order needs the matches of the first inspections only, not all of them.
 */
const SEQ_BITS = 36n;
export const SEQ_MASK = (1n << SEQ_BITS) - 1n;

export const textRowid = (rank: number, seq: number): bigint =>
  (BigInt(rank) << SEQ_BITS) | BigInt(seq);

/** The rowids of one inspection's rows: [from, to). */
export const inspectionRowids = (rank: number): [bigint, bigint] => [
  textRowid(rank, 0),
  textRowid(rank + 1, 0),
];

/** The seqs of the tasks whose text matches, for a filter joined with others. */
export const TEXT_SEQS_SQL = `SELECT rowid & ${SEQ_MASK} FROM task_text WHERE task_text MATCH ?`;
