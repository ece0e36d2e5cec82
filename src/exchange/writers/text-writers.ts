import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Cell, ExportDocument } from '../export-document.js';
import type { OutputEncoder } from '../output-encoding.js';
import { put } from './sink.js';

/**
 * The text renderings. Each writes a page of rows at a time and waits for the destination, so a
 * hundred thousand rows pass through in constant memory.
 */

/** CSV with a BOM so Excel on Chinese Windows reads UTF-8; the first row is the headings. */
export async function writeCsv(
  doc: ExportDocument,
  out: Writable,
  encoder: OutputEncoder,
): Promise<void> {
  const csvRow = (row: Cell[]) => row.map((c) => (c === null ? '' : encoder.spreadsheet(c)));
  await put(out, '\uFEFF');
  const several = doc.sections.length > 1;
  for (const [i, section] of doc.sections.entries()) {
    // Several sections (the accountability summary) are separated by a blank line and a title.
    if (several)
      await put(
        out,
        (i ? '\r\n' : '') + stringify([[section.title]], { record_delimiter: '\r\n' }),
      );
    await put(out, stringify([section.columns.map((c) => c.zh)], { record_delimiter: '\r\n' }));
    for (const page of section.pages()) {
      await put(out, stringify(page.map(csvRow), { record_delimiter: '\r\n' }));
    }
  }
}

/** One JSON object per line, keyed by the English field names. */
export async function writeJsonLines(doc: ExportDocument, out: Writable): Promise<void> {
  const several = doc.sections.length > 1;
  for (const section of doc.sections) {
    for (const page of section.pages()) {
      let text = '';
      for (const row of page) {
        const record: Record<string, Cell> = several ? { section: section.title } : {};
        section.columns.forEach((c, i) => (record[c.key] = row[i] ?? null));
        text += JSON.stringify(record) + '\n';
      }
      await put(out, text);
    }
  }
}

/** Markdown ready for a website's article editor. */
export async function writeMarkdown(
  doc: ExportDocument,
  out: Writable,
  encoder: OutputEncoder,
): Promise<void> {
  const mdCell = encoder.markdown;
  const title = encoder.markdownTitle;
  await put(out, `# ${title(doc.title)}\n\n${title(doc.subtitle)}\n`);
  for (const section of doc.sections) {
    await put(out, `\n## ${title(section.title)}\n\n`);
    await put(out, `| ${section.columns.map((c) => mdCell(c.zh)).join(' | ')} |\n`);
    await put(out, `|${section.columns.map(() => ' --- |').join('')}\n`);
    for (const page of section.pages()) {
      await put(out, page.map((r) => `| ${r.map(mdCell).join(' | ')} |\n`).join(''));
    }
  }
}

/** A self-contained HTML page (no scripts, no external resources). */
export async function writeHtml(
  doc: ExportDocument,
  out: Writable,
  encoder: OutputEncoder,
): Promise<void> {
  const esc = encoder.html;
  await put(
    out,
    `<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>${esc(doc.title)}</title>\n` +
      `<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}` +
      `th,td{border:1px solid #999;padding:4px 8px;vertical-align:top}th{background:#eee}</style>\n` +
      `</head>\n<body>\n<h1>${esc(doc.title)}</h1>\n<p>${esc(doc.subtitle)}</p>\n`,
  );
  for (const section of doc.sections) {
    await put(
      out,
      `<h2>${esc(section.title)}</h2>\n<table>\n<thead><tr>${section.columns.map((c) => `<th>${esc(c.zh)}</th>`).join('')}</tr></thead>\n<tbody>\n`,
    );
    for (const page of section.pages()) {
      await put(
        out,
        page.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>\n`).join(''),
      );
    }
    await put(out, '</tbody>\n</table>\n');
  }
  await put(out, '</body>\n</html>\n');
}
