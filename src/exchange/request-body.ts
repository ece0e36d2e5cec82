import { BadInputError } from '../common/errors.js';
import type { ImportLimitsConfig } from '../config/config.js';
import type { FileRequest } from '../edge/http-edge.js';
import { tooLarge } from './read-table.js';

/**
 * The uploaded file: the raw request body (any content type but JSON or form fields), or the first
 * file part of a multipart/form-data body.
 */
export async function uploadedFile(
  req: FileRequest,
  limits: Pick<ImportLimitsConfig, 'maxBytes'>,
): Promise<Buffer> {
  const type = String(req.headers['content-type'] ?? '');
  if (req.body !== undefined && !Buffer.isBuffer(req.body) && Object.keys(req.body ?? {}).length) {
    throw new BadInputError(
      '请以原始请求体上传文件（Content-Type: text/csv 或 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet），或使用 multipart/form-data',
      'Upload the file as the raw request body (Content-Type: text/csv or the XLSX type), or as multipart/form-data',
      { field: 'file' },
    );
  }
  const body = Buffer.isBuffer(req.body) ? req.body : await readAll(req, limits);
  if (!type.startsWith('multipart/form-data')) return body;
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (!boundary)
    throw new BadInputError('multipart 缺少 boundary', 'multipart body without a boundary');
  return firstFilePart(body, boundary[1] ?? boundary[2]);
}

async function readAll(
  req: FileRequest,
  limits: Pick<ImportLimitsConfig, 'maxBytes'>,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limits.maxBytes) throw tooLarge(limits);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function firstFilePart(body: Buffer, boundary: string): Buffer {
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const headersStart = start + delimiter.length + 2;
    const headersEnd = body.indexOf('\r\n\r\n', headersStart);
    if (headersEnd === -1) break;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd);
    if (next === -1) break;
    const headers = body.subarray(headersStart, headersEnd).toString('latin1');
    if (/filename=/i.test(headers)) return body.subarray(headersEnd + 4, next);
    start = next + 2;
  }
  throw new BadInputError('multipart 请求中没有文件', 'The multipart body holds no file part', {
    field: 'file',
  });
}
