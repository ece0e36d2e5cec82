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
