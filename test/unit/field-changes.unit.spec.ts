import { fieldChanges } from '../../projections/ledger/field-changes.js';

describe('field-level changes between two states', () => {
  it('compares nested objects field by field', () => {
    expect(
      fieldChanges(
        { status: 'LISTED', leader: { name: '张某', position: '副市长' } },
        { status: 'ASSIGNED', leader: { name: '李某', position: '副市长' } },
      ),
    ).toEqual([
      { field: 'status', before: 'LISTED', after: 'ASSIGNED' },
      { field: 'leader.name', before: '张某', after: '李某' },
    ]);
  });

  it('shows only the new items of a list that grew at its end', () => {
    const reports = [{ summary: '一' }, { summary: '二' }];
    expect(
      fieldChanges({ reports }, { reports: [...reports, { summary: '三' }, { summary: '四' }] }),
    ).toEqual([
      { field: 'reports[2]', before: null, after: { summary: '三' } },
      { field: 'reports[3]', before: null, after: { summary: '四' } },
    ]);
  });

  it('shows the whole list when items were removed, replaced or reordered', () => {
    expect(fieldChanges({ units: ['甲', '乙'] }, { units: ['乙', '甲'] })).toEqual([
      { field: 'units', before: ['甲', '乙'], after: ['乙', '甲'] },
    ]);
    expect(fieldChanges({ units: ['甲', '乙'] }, { units: ['甲'] })).toEqual([
      { field: 'units', before: ['甲', '乙'], after: ['甲'] },
    ]);
  });

  it('reports added and removed fields with null on the missing side, and nothing when equal', () => {
    expect(fieldChanges({ a: 1 }, { b: 2 })).toEqual([
      { field: 'a', before: 1, after: null },
      { field: 'b', before: null, after: 2 },
    ]);
    expect(fieldChanges({ a: [1], b: { c: 'x' } }, { a: [1], b: { c: 'x' } })).toEqual([]);
  });
});

describe('field changes of states that share values (as an evolve leaves them)', () => {
  const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  type Report = { summary: string };
  type S = {
    status: string;
    unit: { name: string; contact: string | null };
    reports: Report[];
    notes: string[];
  };
  // Each step keeps what it does not replace by reference, as the deciders' evolve functions do.
  const steps: ((s: S) => S)[] = [
    (s) => ({ ...s, status: 'ASSIGNED' }),
    (s) => ({ ...s, unit: { ...s.unit, contact: '王某' } }),
    (s) => ({ ...s, reports: [...s.reports, { summary: '三' }].slice(-3) }),
    (s) => ({ ...s, reports: [...s.reports, { summary: '四' }].slice(-3) }),
    (s) => ({ ...s, notes: [...s.notes].reverse() }),
    // Equal as JSON but new objects: still no change.
    (s) => ({ ...s, unit: { ...s.unit }, reports: s.reports.map((r) => ({ ...r })) }),
    (s) => ({ ...s, reports: [{ summary: '五' }, ...s.reports.slice(1)] }),
  ];

  it('are those of the same states with no value shared', () => {
    let state: S = {
      status: 'LISTED',
      unit: { name: '市住建局', contact: null },
      reports: [{ summary: '一' }, { summary: '二' }],
      notes: ['甲', '乙'],
    };
    const seen: string[] = [];
    for (const step of steps) {
      const next = step(state);
      const shared = fieldChanges(state, next, '', new Set(['reports']));
      expect(shared).toEqual(fieldChanges(clone(state), clone(next), '', new Set(['reports'])));
      seen.push(shared.map((c) => c.field).join(','));
      state = next;
    }
    expect(seen).toEqual([
      'status',
      'unit.contact',
      'reports[2]',
      'reports[2]',
      'notes',
      '',
      'reports[0],reports[1],reports[2]',
    ]);
  });

  it('compares lists item by item as their JSON reads', () => {
    const a = [{ x: 1 }, [2, 3]];
    expect(fieldChanges({ a }, { a: [...a] })).toEqual([]);
    expect(fieldChanges({ a }, { a: [{ x: 1 }, [2, 3]] })).toEqual([]);
    // JSON writes a missing item as null.
    expect(fieldChanges({ a: [null] }, { a: [undefined as unknown as null] })).toEqual([]);
    expect(fieldChanges({ a }, { a: [a[0], [3, 2]] })).toEqual([
      { field: 'a', before: a, after: [a[0], [3, 2]] },
    ]);
    expect(fieldChanges({ a: ['a,b'] }, { a: ['a', 'b'] })).toEqual([
      { field: 'a', before: ['a,b'], after: ['a', 'b'] },
    ]);
  });
});
