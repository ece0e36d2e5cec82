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

const hex = (c: string): string => c.codePointAt(0)!.toString(16).padStart(6, '0');

/** The tokens FTS5 indexes for one text. */
export function textTokens(text: string): string {
  const chars = fold(text);
  const tokens: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) tokens.push(`x${hex(chars[i])}${hex(chars[i + 1])}`);
  if (chars.length) tokens.push(`x${hex(chars[chars.length - 1])}`);
  return tokens.join(' ');
}

/** The FTS5 MATCH expression finding every text that contains `query` (non-empty). */
export function textMatch(query: string): string {
  const chars = fold(query);
  if (chars.length === 1) return `x${hex(chars[0])}*`;
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(`x${hex(chars[i])}${hex(chars[i + 1])}`);
  return `"${pairs.join(' ')}"`;
}
