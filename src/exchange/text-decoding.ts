/**
 * Provinces save CSV from Excel on Chinese Windows as GB18030 (GBK); newer tools write UTF-8, with or
 * without a byte-order mark. Detection: a BOM means UTF-8; bytes that are valid UTF-8 are UTF-8
 * (GBK text of any length is almost never valid UTF-8); anything else is GB18030, which Node decodes
 * with its built-in ICU.
 */
export type TextEncodingName = 'utf-8' | 'gb18030';

const BOM = [0xef, 0xbb, 0xbf];

export function detectEncoding(bytes: Uint8Array): { encoding: TextEncodingName; bom: boolean } {
  if (bytes.length >= 3 && BOM.every((b, i) => bytes[i] === b)) {
    return { encoding: 'utf-8', bom: true };
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { encoding: 'utf-8', bom: false };
  } catch {
    return { encoding: 'gb18030', bom: false };
  }
}

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const { encoding, bom } = detectEncoding(bytes);
  const body = bom ? bytes.subarray(3) : bytes;
  return { text: new TextDecoder(encoding).decode(body), encoding };
}
