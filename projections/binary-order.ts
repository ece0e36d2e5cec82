/** SQLite's BINARY order (UTF-8 bytes), which JS string comparison differs from beyond the BMP. */
export const binaryOrder = (a: string, b: string): number =>
  a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
