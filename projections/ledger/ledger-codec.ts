/** Whether `value[from..to)` is lower-case hex: a loop, where regular expressions cost a tenth of the ledger's apply. */
const isLowerHex = (value: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
};

/** A UUID's dashes: 8-4-4-4-12. */
const isUuid = (value: string): boolean =>
  value.charCodeAt(8) === 45 &&
  value.charCodeAt(13) === 45 &&
  value.charCodeAt(18) === 45 &&
  value.charCodeAt(23) === 45 &&
  isLowerHex(value, 0, 8) &&
  isLowerHex(value, 9, 13) &&
  isLowerHex(value, 14, 18) &&
  isLowerHex(value, 19, 23) &&
  isLowerHex(value, 24, 36);

/**
 * Compact columns for the ledger's fixed-shape identifiers: a lower-case SHA-256 hex digest or UUID
 * is kept as its bytes (32 or 16 instead of 64 or 36 characters). SQLite columns take either type,
 * so anything else (an id a client chose, a fixture's odd value) is kept as the text it was and
 * reads back unchanged.
 */
export const packId = (value: string): string | Uint8Array => {
  if (value.length === 64 && isLowerHex(value, 0, 64)) return Buffer.from(value, 'hex');
  if (value.length === 36 && isUuid(value)) return Buffer.from(value.replaceAll('-', ''), 'hex');
  return value;
};

export const unpackId = (value: string | Uint8Array): string => {
  if (typeof value === 'string') return value;
  const hex = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  if (value.byteLength !== 16) return hex;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
