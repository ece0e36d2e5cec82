import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLEnumType } from 'graphql';
import {
  ORGANISATION_TYPES,
  RANKS,
  RESPONSIBILITY_TYPES,
  SANCTION_CATALOGUE,
} from '../../src/accountability/domain/case.catalogue.js';
import { caseDecider } from '../../src/accountability/domain/case.decider.js';
import type { CaseEvent } from '../../src/accountability/domain/case.events.js';
import { addSummaries, summariseCases } from '../../src/accountability/domain/case.summary.js';
import { DEFAULT_ANNOUNCEMENT_TABLE } from '../../src/accountability/domain/announcement.table.js';
import { fold } from '../../src/common/decider.js';
import { AT, opened, personAdded, sanctioned, sanctionTerms } from './case.fixtures.js';

const demerit = (personId: string, sanctionId: string): CaseEvent => ({
  type: 'SanctionRecorded',
  data: {
    ...sanctionTerms,
    kind: 'DEMERIT',
    category: 'GOVERNMENT_SANCTION',
    severity: 2,
    personId,
    sanctionId,
    at: AT,
  },
});

describe('accountability summary', () => {
  const caseA = fold(caseDecider, [
    opened,
    personAdded('p1'),
    personAdded('p2', '李某'),
    personAdded('p3', '王某'),
    sanctioned('p1', 's1'),
    demerit('p1', 's2'),
    sanctioned('p2', 's3'),
    { type: 'SanctionWithdrawn', data: { personId: 'p2', sanctionId: 's3', reason: 'x', at: AT } },
  ]);

  it('counts people once and person-times once per sanction in force', () => {
    const s = summariseCases([caseA]);
    expect(s).toMatchObject({ casesReferred: 1, casesClosed: 0, people: 1, personTimes: 2 });
    expect(s.sanctionsWithdrawn).toBe(1);
    expect(s.byRank.find((r) => r.rank === 'DIVISION')).toEqual({
      rank: 'DIVISION',
      people: 1,
      personTimes: 2,
    });
    expect(s.bySanctionKind.find((k) => k.kind === 'PARTY_WARNING')).toMatchObject({
      people: 1,
      personTimes: 1,
    });
    expect(s.byCategory.map((c) => [c.category, c.personTimes])).toEqual([
      ['ACCOUNTABILITY_METHOD', 0],
      ['PARTY_DISCIPLINE', 1],
      ['GOVERNMENT_SANCTION', 1],
      ['JUDICIAL', 0],
    ]);
  });

  it('sums over cases: the totals equal the sums of the parts', () => {
    const s = summariseCases([caseA, caseA]);
    expect(s.people).toBe(2);
    expect(s.personTimes).toBe(4);
    const sum = (rows: { personTimes: number }[]) => rows.reduce((n, r) => n + r.personTimes, 0);
    expect(sum(s.byRank)).toBe(s.personTimes);
    expect(sum(s.bySanctionKind)).toBe(s.personTimes);
    expect(sum(s.byOrganisationType)).toBe(s.personTimes);
  });

  it('adds up several inspections, each under its own table; one stays as it is', () => {
    const caseB = fold(caseDecider, [opened, personAdded('p9'), demerit('p9', 's9')]);
    // B's inspection words its table differently: its sanctions counted in a group of its own.
    const own = {
      ...DEFAULT_ANNOUNCEMENT_TABLE,
      groups: [{ key: 'LOCAL', label: '本地口径', kinds: ['DEMERIT'], includes: [] }],
    };
    const a = summariseCases([caseA]);
    const b = summariseCases([caseB], own);
    expect(addSummaries([a])).toBe(a);
    const sum = addSummaries([a, b]);
    const union = summariseCases([caseA, caseB]);
    // The table-free figures are those of all the cases at once.
    for (const key of ['casesReferred', 'people', 'personTimes', 'sanctionsWithdrawn'] as const)
      expect([key, sum[key]]).toEqual([key, union[key]]);
    for (const key of ['byRank', 'bySanctionKind', 'byCategory', 'compensation'] as const)
      expect([key, sum[key]]).toEqual([key, union[key]]);
    // Each group holds the sum over the inspections whose table has it.
    const group = (key: string) => sum.byGroup.find((g) => g.key === key);
    expect(group('LOCAL')).toEqual({ ...b.byGroup[0] });
    expect(group('SANCTION')).toEqual(a.byGroup.find((g) => g.key === 'SANCTION'));
    expect(sum.byGroup).toHaveLength(a.byGroup.length + 1);
    expect(sum.ungrouped.people).toBe(a.ungrouped.people + b.ungrouped.people);
    expect(sum.announcement).toBeNull();
    expect(addSummaries([]).casesReferred).toBe(0);
  });
});

describe('the schema and the catalogue agree', () => {
  const schema = buildSchema(
    ['common.graphql', 'accountability.graphql']
      .map((f) => readFileSync(join(__dirname, '../../schema', f), 'utf8'))
      .join('\n')
      .concat('\ntype Mutation { _: Boolean }'),
  );
  const values = (name: string) =>
    (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.name);

  it('has every sanction kind, rank, organisation and responsibility type', () => {
    expect(values('SanctionKind')).toEqual(SANCTION_CATALOGUE.map((s) => s.kind));
    expect(values('OfficialRank')).toEqual([...RANKS]);
    expect(values('OrganisationType')).toEqual([...ORGANISATION_TYPES]);
    expect(values('ResponsibilityType')).toEqual([...RESPONSIBILITY_TYPES]);
  });
});
