import { createHash, randomBytes } from 'node:crypto';
import { eventLeafHash, rootOf } from '../../src/event-store/merkle/tlog.js';
import { inclusionPath } from '../../src/event-store/merkle/tree-layout.js';
import { leafHashOf, rootFromInclusion, sha256, toHex } from '../../web/src/shared/sha256.js';

/**
 * The console checks downloads and proofs in the browser with its own SHA-256 where the page has
 * no crypto.subtle (plain http on an office network): it must agree with Node's, and its proof
 * check with the ledger's own tree.
 */
describe("the console's SHA-256 and inclusion check", () => {
  it('hashes as Node does, at every padding boundary and for a large file', () => {
    const lengths = [...Array.from({ length: 140 }, (_, i) => i), 1000, 4096, 1 << 20];
    for (const n of lengths) {
      const data = randomBytes(n);
      expect([n, toHex(sha256(data))]).toEqual([
        n,
        createHash('sha256').update(data).digest('hex'),
      ]);
    }
  });

  it("verifies the ledger tree's inclusion paths, and refuses a wrong leaf or size", () => {
    const events = Array.from({ length: 23 }, () => randomBytes(32).toString('hex'));
    const leaves = events.map(eventLeafHash);
    const node = (level: number, index: number) =>
      rootOf(leaves.slice(index << level, (index + 1) << level));
    for (const size of [1, 2, 7, 8, 23]) {
      const root = toHex(rootOf(leaves.slice(0, size)));
      for (let i = 0; i < size; i++) {
        const path = inclusionPath(node, i, 0, size);
        expect(toHex(leafHashOf(events[i]))).toBe(toHex(leaves[i]));
        const got = rootFromInclusion(i, size, leafHashOf(events[i]), path);
        expect(got && toHex(got)).toBe(root);
        const other = rootFromInclusion(i, size, leafHashOf(events[(i + 1) % 23]), path);
        expect(other && toHex(other)).not.toBe(root);
      }
    }
    expect(rootFromInclusion(5, 5, leaves[0], [])).toBeNull();
  });
});
