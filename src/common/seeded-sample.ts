/**
 * A small seeded PRNG (mulberry32) and a sample drawn with it. Spot checks must be reproducible:
 * anyone holding the recorded seed and candidate list can redraw the same sample offline.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `size` distinct items from `candidates`, chosen by a partial Fisher-Yates shuffle driven by the
 * seed. Candidates are sorted first so the draw does not depend on the order a query returned them.
 */
export function seededSample(candidates: readonly string[], size: number, seed: number): string[] {
  const pool = [...new Set(candidates)].sort();
  const random = mulberry32(seed);
  const n = Math.min(size, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}
