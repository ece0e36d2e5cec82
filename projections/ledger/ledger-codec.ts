/**
 * Compact columns for the ledger's fixed-shape identifiers: a lower-case SHA-256 hex digest or UUID
 * is kept as its bytes (32 or 16 instead of 64 or 36 characters). SQLite columns take either type,
 * so anything else (an id a client chose, a fixture's odd value) is kept as the text it was and
 * reads back unchanged.
 */
const HEX64 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const packId = (value: string): string | Uint8Array => {
  if (value.length === 64 && HEX64.test(value)) return Buffer.from(value, 'hex');
  if (value.length === 36 && UUID.test(value)) return Buffer.from(value.replaceAll('-', ''), 'hex');
  return value;
};

export const unpackId = (value: string | Uint8Array): string => {
  if (typeof value === 'string') return value;
  const hex = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  if (value.byteLength !== 16) return hex;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
