import { packId, unpackId } from '../../projections/ledger/ledger-codec.js';

describe('ledger ids packed as bytes', () => {
  const digest = 'ab'.repeat(16) + '0123456789abcdef'.repeat(2);
  const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('keeps a lower-case SHA-256 digest as its 32 bytes and a UUID as its 16, and reads both back', () => {
    expect(packId(digest)).toEqual(Buffer.from(digest, 'hex'));
    expect((packId(uuid) as Uint8Array).byteLength).toBe(16);
    expect(unpackId(packId(digest))).toBe(digest);
    expect(unpackId(packId(uuid))).toBe(uuid);
  });

  it.each([
    ['upper-case hex', digest.toUpperCase()],
    ['a digest one character short', digest.slice(1)],
    ['a non-hex character', `g${digest.slice(1)}`],
    ['an upper-case UUID', uuid.toUpperCase()],
    ['a UUID with a dash moved', `${uuid.slice(0, 7)}-${uuid.slice(7, 8)}${uuid.slice(9)}`],
    ['36 characters without dashes', 'a'.repeat(36)],
    ['an id a client chose', 'cmd-2024-0001'],
    ['the empty string', ''],
  ])('keeps anything else as its text: %s', (_name, value) => {
    expect(packId(value)).toBe(value);
    expect(unpackId(packId(value))).toBe(value);
  });
});
