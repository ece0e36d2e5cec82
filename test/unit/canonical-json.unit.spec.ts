import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalJson, NotJsonError } from '../../src/common/json.js';
import { hashEvent, metadataJson } from '../../src/event-store/hashing.js';

/** A seeded generator of awkward JSON: unicode keys, surrogates, exponents, -0, deep nesting. */
function* samples(count: number): Generator<unknown> {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const strings = [
    '',
    'a',
    'é',
    '整改',
    '\u20ac',
    '\ud83d\ude00',
    '\n\t"\\',
    '\u0000',
    'Z',
    'b\u0301',
  ];
  const numbers = [0, -0, 1, -1, 1e21, 1e-7, 123.456, 2 ** 53, -1.5e-300, 0.1 + 0.2];
  const value = (depth: number): unknown => {
    const r = next();
    if (depth > 4 || r < 0.3) return strings[Math.floor(next() * strings.length)];
    if (r < 0.5) return numbers[Math.floor(next() * numbers.length)];
    if (r < 0.55) return next() < 0.5;
    if (r < 0.6) return null;
    if (r < 0.8) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    return Object.fromEntries(
      Array.from({ length: Math.floor(next() * 5) }, (_, i) => [
        strings[Math.floor(next() * strings.length)] + i,
        value(depth + 1),
      ]),
    );
  };
  for (let i = 0; i < count; i++) yield value(0);
}

describe('canonical JSON (RFC 8785)', () => {
  it('equals the reference implementation on 2,000 generated values', () => {
    for (const sample of samples(2000)) expect(canonicalJson(sample)).toBe(canonicalize(sample));
  });

  it('names the path of the first value that is not plain JSON', () => {
    const bad = (value: unknown) => {
      try {
        canonicalJson(value);
      } catch (error) {
        return (error as NotJsonError).path;
      }
      return 'accepted';
    };
    expect(bad({ a: [1, NaN] })).toBe('$.a[1]');
    expect(bad({ a: { b: undefined } })).toBe('$.a.b');
    expect(bad({ when: new Date(0) })).toBe('$.when');
    expect(bad({ n: 1n })).toBe('$.n');
    expect(bad({ f: () => 1 })).toBe('$.f');
  });

  it('the event hash is SHA-256 of the whole event canonicalised by any JCS library', () => {
    const event = {
      streamId: 'task-1',
      revision: 3n,
      eventId: 'e-1',
      type: 'ProgressReported',
      data: { summary: '完成 60%', evidence: [{ sha256: 'ab', size: 10 }] },
      metadata: {
        actor: {
          id: 'u',
          name: '李某',
          role: 'IMPLEMENTING_ENTITY',
          organisation: '九江市人民政府',
        },
        commandId: 'c',
        correlationId: 'c',
        causationId: 'c',
        recordedAt: '2024-09-01T00:00:00.000Z',
        schemaVersion: 1,
        prevHash: '0'.repeat(64),
      },
    };
    const reference = createHash('sha256')
      .update(canonicalize({ ...event, revision: '3' })!)
      .digest('hex');
    expect(hashEvent(event)).toBe(reference);
    expect(hashEvent({ ...event, metadata: { ...event.metadata, hash: reference } })).toBe(
      reference,
    );
  });

  it("writes the store's metadata exactly as the general canonical walk does", () => {
    const awkward = ['', '李某 "甲"', 'a\\b\n', '\u0000\u001f', '\ud83d\ude00', '\ud800'];
    for (const [i, text] of awkward.entries()) {
      const base = {
        actor: { id: `u${text}`, name: text, role: 'AUDITOR', organisation: `${text}局` },
        commandId: `c${i}`,
        correlationId: text,
        causationId: `c${i}`,
        recordedAt: '2025-01-01T00:00:00.000Z',
        schemaVersion: i + 1,
        prevHash: '0'.repeat(64),
      };
      for (const metadata of [
        base,
        { ...base, reason: text },
        { ...base, hash: 'f'.repeat(64) },
        { ...base, reason: `${text}!`, hash: 'e'.repeat(64) },
      ]) {
        expect(metadataJson(metadata)).toBe(canonicalJson(metadata));
        expect(metadataJson(metadata)).toBe(canonicalize(metadata));
      }
    }
  });

  it('names a value nested deeper than 64 levels', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 66; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/nested deeper than 64 levels/);
    let fine: unknown = 1;
    for (let i = 0; i < 64; i++) fine = [fine];
    expect(canonicalJson(fine)).toBe(`${'['.repeat(64)}1${']'.repeat(64)}`);
  });
});
