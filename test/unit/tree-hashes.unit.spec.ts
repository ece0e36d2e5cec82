import { randomBytes } from 'node:crypto';
import { eventLeafHash, nodeHash, rootOf, TreeBuilder } from '../../src/event-store/merkle/tlog.js';
import { treeEventLeafHash, treeNodeHash } from '../../src/event-store/merkle/tree-hashes.js';

/**
 * Appends hash the tree in-process (tree-hashes.ts); verify and the auditor's tlog.ts use
 * node:crypto. A tree written by one must verify by the other.
 */
describe("the append path's tree hashes", () => {
  it('equal node:crypto for leaves and interior nodes', () => {
    for (let i = 0; i < 500; i++) {
      const event = randomBytes(32).toString('hex');
      const [left, right] = [randomBytes(32), randomBytes(32)];
      expect(treeEventLeafHash(event).equals(eventLeafHash(event))).toBe(true);
      expect(treeNodeHash(left, right).equals(nodeHash(left, right))).toBe(true);
    }
  });

  it('give every root of a growing tree as node:crypto does, resumed or not', () => {
    const leaves = Array.from({ length: 300 }, () =>
      treeEventLeafHash(randomBytes(32).toString('hex')),
    );
    const fast = new TreeBuilder(treeNodeHash);
    leaves.forEach((leaf, i) => {
      fast.push(leaf);
      if (i % 37 === 0 || i === leaves.length - 1)
        expect(fast.root().toString('hex')).toBe(rootOf(leaves.slice(0, i + 1)).toString('hex'));
    });
    const peaks = [256, 32, 8, 4].map((n, k, all) => {
      const start = all.slice(0, k).reduce((a, b) => a + b, 0);
      return rootOf(leaves.slice(start, start + n));
    });
    const resumed = TreeBuilder.resume(300, peaks, treeNodeHash);
    expect(resumed.root().equals(rootOf(leaves))).toBe(true);
  });

  it('refuse what is not an event hash, as tlog.ts does', () => {
    for (const bad of ['', 'ab', 'A'.repeat(64), `${'0'.repeat(63)}g`, '0'.repeat(66)]) {
      expect(() => eventLeafHash(bad)).toThrow('not an event hash');
      expect(() => treeEventLeafHash(bad)).toThrow('not an event hash');
    }
  });
});
