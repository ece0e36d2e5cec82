import JSZip from 'jszip';

/**
 * Spreadsheets written part by part, as an attacker would: the sheet XML and the shared strings
 * are exactly what the test says, and the zip holds them in the order given (shared strings
 * first, as Excel writes them).
 */
const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>`;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** An inline-string cell. */
export const cell = (ref: string, text: string) =>
  `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`;

/** The heading row a rectification list has, in row 1, columns A to D. */
export const HEADING_ROW = `<row r="1">${['序号', '整改任务', '责任单位', '整改时限']
  .map((h, i) => cell(`${'ABCD'[i]}1`, h))
  .join('')}</row>`;

export async function xlsxOf(parts: { rows: string; sharedStrings?: string[] | string }) {
  const zip = new JSZip();
  const options = { date: new Date('2024-09-01T00:00:00Z') };
  zip.file('[Content_Types].xml', CONTENT_TYPES, options);
  zip.file('_rels/.rels', ROOT_RELS, options);
  zip.file('xl/workbook.xml', WORKBOOK, options);
  zip.file('xl/_rels/workbook.xml.rels', WORKBOOK_RELS, options);
  const strings = parts.sharedStrings ?? [];
  const body =
    typeof strings === 'string' ? strings : strings.map((s) => `<si><t>${s}</t></si>`).join('');
  zip.file(
    'xl/sharedStrings.xml',
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${body}</sst>`,
    options,
  );
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${parts.rows}</sheetData></worksheet>`,
    options,
  );
  return zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });
}

/** Rows 2..n+1, each made by `row(r)`. */
export const rowsFrom = (n: number, row: (r: number) => string) =>
  Array.from({ length: n }, (_, i) => row(i + 2)).join('');

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MiB = 1024 * 1024;
const CSV_HEADING = '序号,整改任务,责任单位,整改时限\r\n';
const taskCells = (r: number) =>
  cell(`A${r}`, String(r - 1)) +
  cell(`B${r}`, `整改任务 ${r}`) +
  cell(`C${r}`, '南昌市人民政府') +
  cell(`D${r}`, '2025-12-31');

/** A hostile upload of issue 19, item 1, and the refusal it must get. */
export interface ImportAttack {
  readonly name: string;
  readonly type: string;
  /** Made on demand: some are tens of MB. */
  readonly file: () => Promise<Buffer> | Buffer;
  /** The limit the BAD_USER_INPUT names (`extensions.limit`), if one. */
  readonly limit: string | undefined;
  /** What its message says. */
  readonly text: RegExp;
}

/** The file attacks of issue 19 against `/api/import`, each with the refusal it must get. */
export const IMPORT_ATTACKS: readonly ImportAttack[] = [
  {
    name: 'xfd',
    type: XLSX_TYPE,
    file: () =>
      xlsxOf({
        rows: HEADING_ROW + rowsFrom(2000, (r) => `<row r="${r}">${cell(`XFD${r}`, 'x')}</row>`),
      }),
    limit: 'IMPORT_MAX_COLUMNS',
    text: /XFD/,
  },
  {
    name: 'sharedStrings',
    type: XLSX_TYPE,
    file: () => xlsxOf({ rows: HEADING_ROW, sharedStrings: '<si><t>a</t></si>'.repeat(1_000_000) }),
    limit: 'IMPORT_MAX_SHARED_STRINGS',
    text: /共享字符串/,
  },
  {
    name: 'inflated',
    type: XLSX_TYPE,
    file: () => xlsxOf({ rows: HEADING_ROW, sharedStrings: '<si><t>a</t></si>'.repeat(5_000_000) }),
    limit: 'IMPORT_MAX_UNZIPPED_BYTES',
    text: /解压后过大/,
  },
  {
    name: 'tall',
    type: XLSX_TYPE,
    file: () =>
      xlsxOf({
        rows: HEADING_ROW + rowsFrom(25_000, (r) => `<row r="${r}">${taskCells(r)}</row>`),
      }),
    limit: 'IMPORT_MAX_ROWS',
    text: /数据行过多/,
  },
  {
    name: 'tallCsv',
    type: 'text/csv',
    file: () =>
      Buffer.from(
        CSV_HEADING +
          Array.from({ length: 25_000 }, (_, i) => `${i + 1},任务${i},南昌市,2025-12-31\r\n`).join(
            '',
          ),
      ),
    limit: 'IMPORT_MAX_ROWS',
    text: /数据行过多/,
  },
  {
    name: 'longCell',
    type: 'text/csv',
    file: () => Buffer.from(`${CSV_HEADING}1,${'长'.repeat(20_000)},南昌市,2025-12-31\r\n`),
    limit: 'IMPORT_MAX_CELL_CHARS',
    text: /过长/,
  },
  {
    name: 'wideCsv',
    type: 'text/csv',
    file: () => Buffer.from(`${CSV_HEADING}1,任务,南昌市,2025-12-31${',x'.repeat(200)}\r\n`),
    limit: 'IMPORT_MAX_COLUMNS',
    text: /超出列数上限/,
  },
  {
    name: 'commas',
    type: 'text/csv',
    file: () => Buffer.from(`${CSV_HEADING}1,任务,南昌市,2025-12-31${','.repeat(19 * MiB)}\r\n`),
    limit: undefined,
    text: /XFD/,
  },
];

/** A refusal of `/api/import` as the HTTP edge writes it. */
export interface ImportRefusal {
  status: number;
  body: { errors: { message: string; extensions: Record<string, unknown> }[] };
}

/** Uploads `file` to `/api/import?inspectionId=JX-3` of the server whose GraphQL URL is `graphqlUrl`. */
export async function uploadToImport(
  graphqlUrl: string,
  token: string,
  file: Buffer,
  type: string,
): Promise<ImportRefusal> {
  const res = await fetch(graphqlUrl.replace(/\/graphql$/, '/api/import?inspectionId=JX-3'), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(file),
  });
  return { status: res.status, body: (await res.json()) as ImportRefusal['body'] };
}

/**
 * The refusal an attack must get: 400, BAD_USER_INPUT naming its limit, the message in Chinese
 * first and English after the slash.
 */
export function expectRefused(attack: ImportAttack, res: ImportRefusal): void {
  expect(res.status).toBe(400);
  const [error] = res.body.errors;
  expect(error.extensions.code).toBe('BAD_USER_INPUT');
  expect(error.message).toMatch(attack.text);
  const cut = error.message.indexOf(' / ');
  expect(error.message.slice(0, cut)).toMatch(/[\u4e00-\u9fff]/);
  expect(error.message.slice(cut + 3)).toMatch(/^[A-Z][a-z]/);
  if (attack.limit) {
    expect(error.extensions.limit).toBe(attack.limit);
    expect(error.message).toContain(attack.limit);
  }
}
