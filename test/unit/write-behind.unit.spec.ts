import type { DatabaseSync } from 'node:sqlite';
import { writeBehind } from '../../projections/write-behind.js';

/** The file is never touched here: `load` and `save` stand for it. */
const db = {} as DatabaseSync;

describe('writeBehind: values kept between batches are bounded by their weight', () => {
  const setup = (keep: number, weightOf: (value: string) => number) => {
    const loads: string[] = [];
    const saved = new Map<string, string>();
    const held = writeBehind<string, string>(
      (key) => {
        loads.push(key);
        return saved.get(key);
      },
      (key, value) => {
        saved.set(key, value);
        return weightOf(value);
      },
      keep,
    );
    return { held, loads };
  };

  it('forgets the least recently written once their weights pass the budget, and reads those back', () => {
    const { held, loads } = setup(10, (v) => v.length);
    held.set('a', 'aaaa');
    held.set('b', 'bbbb');
    held.flush(db);
    held.set('c', 'cccc');
    held.flush(db);
    // 12 bytes written, 10 allowed: 'a', written first, goes.
    expect(held.get('b', db)).toBe('bbbb');
    expect(held.get('c', db)).toBe('cccc');
    expect(loads).toEqual([]);
    expect(held.get('a', db)).toBe('aaaa');
    expect(loads).toEqual(['a']);
  });

  it('a rewrite moves a value to the newest and replaces its weight', () => {
    const { held, loads } = setup(10, (v) => v.length);
    held.set('a', 'aaaa');
    held.set('b', 'bbbb');
    held.flush(db);
    held.set('a', 'aa');
    held.set('c', 'cccc');
    held.flush(db);
    // a (2) and c (4) are newer than b (4): 10 in all, nothing goes.
    expect([held.get('a', db), held.get('b', db), held.get('c', db)]).toEqual([
      'aa',
      'bbbb',
      'cccc',
    ]);
    held.set('d', 'dd');
    held.flush(db);
    expect(held.get('b', db)).toBe('bbbb');
    expect(loads).toEqual(['b']);
  });

  it('keeps nothing heavier than the budget, and nothing after a discard', () => {
    const { held, loads } = setup(10, (v) => v.length);
    held.set('big', 'x'.repeat(11));
    held.set('small', 's');
    held.flush(db);
    expect(held.get('big', db)).toBe('x'.repeat(11));
    expect(loads).toEqual(['big']);
    held.discard();
    expect(held.get('small', db)).toBe('s');
    expect(loads).toEqual(['big', 'small']);
  });

  it('counts values one each when save returns no weight', () => {
    const loads: string[] = [];
    const held = writeBehind<string, number>(
      (key) => void loads.push(key),
      () => undefined,
      2,
    );
    for (const key of ['a', 'b', 'c']) held.set(key, 1);
    held.flush(db);
    held.get('a', db);
    held.get('b', db);
    held.get('c', db);
    expect(loads).toEqual(['a']);
  });
});
