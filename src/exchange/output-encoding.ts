import type { Cell } from './export-document.js';

/**
 * The one output encoder every export and disclosure writes through. Versions are kept, never
 * changed: a published disclosure records the version it was rendered with and is regenerated with
 * that version, so its bytes (and hash) stay reproducible when encoding improves.
 *
 * - 1: before issue 19: spreadsheet cells as they are; Markdown escaped only for table structure
 *   (`\`, `|`, line breaks). Disclosures published without a recorded version used it.
 * - 2: spreadsheet cells that begin with `=`, `+`, `-`, `@`, tab or carriage return are prefixed
 *   with a single quote so no spreadsheet program runs them as formulas (OWASP, CSV injection);
 *   Markdown text has HTML and Markdown inline metacharacters escaped, so a name or summary is
 *   shown as text by an article editor, never as markup, link, image or script.
 */
export const OUTPUT_ENCODINGS = [1, 2] as const;
export type OutputEncoding = (typeof OUTPUT_ENCODINGS)[number];
export const CURRENT_OUTPUT_ENCODING: OutputEncoding = 2;
/** What a disclosure published before encodings were recorded was rendered with. */
export const UNRECORDED_OUTPUT_ENCODING: OutputEncoding = 1;

export interface OutputEncoder {
  readonly version: OutputEncoding;
  /** A CSV or XLSX cell. */
  spreadsheet(cell: Cell): Cell;
  /** A Markdown table cell. */
  markdown(cell: Cell): string;
  /** A Markdown heading or paragraph (the document's and sections' titles). */
  markdownTitle(title: string): string;
  /** Text in HTML element content or an attribute value. */
  html(cell: Cell): string;
}

const text = (c: Cell) => (c === null ? '' : String(c));
const lineBreaks = (s: string) => s.replace(/\r?\n/g, '<br>');

const FORMULA_START = /^[=+\-@\t\r]/;
const neutralise = (c: Cell): Cell =>
  typeof c === 'string' && FORMULA_START.test(c) ? `'${c}` : c;

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};
const html = (c: Cell) => lineBreaks(text(c).replace(/[&<>"]/g, (ch) => HTML_ENTITIES[ch]));

/** CommonMark inline markup: emphasis, code, links and images, strikethrough, tables, escapes. */
const MARKDOWN_INLINE = /[\\`*_[\]|~!]/g;

const escapeMarkdown = (c: Cell) =>
  lineBreaks(
    text(c)
      .replace(MARKDOWN_INLINE, '\\$&')
      .replace(/[&<>]/g, (ch) => HTML_ENTITIES[ch]),
  );

const ENCODERS: Record<OutputEncoding, OutputEncoder> = {
  1: {
    version: 1,
    spreadsheet: (c) => c,
    markdown: (c) => lineBreaks(text(c).replace(/\\/g, '\\\\').replace(/\|/g, '\\|')),
    markdownTitle: (title) => title,
    html,
  },
  2: {
    version: 2,
    spreadsheet: neutralise,
    markdown: escapeMarkdown,
    markdownTitle: escapeMarkdown,
    html,
  },
};

export function outputEncoder(version: OutputEncoding = CURRENT_OUTPUT_ENCODING): OutputEncoder {
  return ENCODERS[version];
}

export const isOutputEncoding = (v: unknown): v is OutputEncoding =>
  (OUTPUT_ENCODINGS as readonly unknown[]).includes(v);
