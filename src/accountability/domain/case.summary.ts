import { announcementParagraph } from './announcement.paragraph.js';
import {
  DEFAULT_ANNOUNCEMENT_TABLE,
  kindsCountedIn,
  type AnnouncementTable,
} from './announcement.table.js';
import {
  countedKind,
  ORGANISATION_TYPES,
  RANKS,
  RESPONSIBILITY_TYPES,
  SANCTION_CATALOGUE,
  SANCTION_CATEGORIES,
  UNIT_METHODS,
} from './case.catalogue.js';
import {
  claimsOf,
  countingSanctions,
  countingUnits,
  unitsOf,
  litigationsOf,
  personsOf,
  sanctionsOf,
  type AccountablePerson,
  type CaseState,
  type Sanction,
} from './case.state.js';

/** People (distinct) and person-times (人次: one per sanction in force) in one group. */
export interface Tally {
  people: number;
  personTimes: number;
}

export interface AccountabilitySummary extends Tally {
  casesReferred: number;
  casesClosed: number;
  peopleExempted: number;
  sanctionsCorrected: number;
  sanctionsWithdrawn: number;
  investigationTeams: number;
  interviews: number;
  byRank: (Tally & { rank: string })[];
  byOrganisationType: (Tally & { organisationType: string })[];
  byResponsibilityType: (Tally & { responsibilityType: string })[];
  bySanctionKind: (Tally & { kind: string; category: string; severity: number })[];
  byCategory: (Tally & { category: string })[];
  compensation: { claims: number; concluded: number; pending: number; amountAgreed: number };
  litigation: { referred: number; concluded: number; pending: number };
  /** Units held accountable with a decision in force (单位问责). */
  units: number;
  unitsWithdrawn: number;
  byUnitMethod: { method: string; units: number }[];
  /** People per announcement group of the table: each person once per group. */
  byGroup: (Tally & { key: string; label: string; includes: readonly string[] })[];
  byAnnouncementRank: { label: string; ranks: readonly string[]; people: number }[];
  /** Sanctions of kinds the table places in no group: in the total only. */
  ungrouped: Tally;
  /** The paragraph as the table words it. */
  announcement: string;
}

const tally = (people: AccountablePerson[], sanction: (s: Sanction) => boolean): Tally => {
  let count = 0;
  let times = 0;
  for (const p of people) {
    const n = countingSanctions(p).filter(sanction).length;
    if (n) count++;
    times += n;
  }
  return { people: count, personTimes: times };
};

/**
 * The figures an accountability announcement publishes, summed from whole case states. The same
 * function serves "now" and `asOf` (it is given the states as of that moment), so the totals are
 * always the sums of the individual records. Withdrawn sanctions do not count; corrected ones count
 * under their corrected kind. A person counts as held accountable with at least one sanction in force.
 */
export function summariseCases(
  cases: readonly CaseState[],
  table: AnnouncementTable = DEFAULT_ANNOUNCEMENT_TABLE,
): AccountabilitySummary {
  const persons = cases.flatMap(personsOf);
  const all = () => true;
  const group = <K extends string>(keys: readonly K[], keyOf: (p: AccountablePerson) => K) =>
    keys.map((key) => ({
      key,
      ...tally(
        persons.filter((p) => keyOf(p) === key),
        all,
      ),
    }));
  const sanctions = persons.flatMap(sanctionsOf);
  const claims = cases.flatMap(claimsOf);
  const suits = cases.flatMap(litigationsOf);
  const units = cases.flatMap(countingUnits);
  // A pre-2020 decision (行政记过) counts where its equivalent (记过) does.
  const inKinds = (kinds: ReadonlySet<string>) => (s: Sanction) => kinds.has(countedKind(s.kind));
  const byGroup = table.groups.map((g) => ({
    key: g.key,
    label: g.label,
    includes: g.includes,
    ...tally(persons, inKinds(kindsCountedIn(table, g))),
  }));
  const grouped = new Set(table.groups.flatMap((g) => g.kinds));
  const held = persons.filter((p) => countingSanctions(p).length > 0);
  const byAnnouncementRank = table.ranks.map((line) => ({
    label: line.label,
    ranks: line.ranks,
    people: held.filter((p) => line.ranks.includes(p.rank)).length,
  }));
  const people = held.length;
  return {
    casesReferred: cases.length,
    casesClosed: cases.filter((c) => c.status === 'CLOSED').length,
    ...tally(persons, all),
    peopleExempted: persons.filter((p) => p.exemption).length,
    sanctionsCorrected: sanctions.filter((s) => s.status === 'CORRECTED').length,
    sanctionsWithdrawn: sanctions.filter((s) => s.status === 'WITHDRAWN').length,
    investigationTeams: cases.reduce((n, c) => n + (c.investigation?.teams ?? 0), 0),
    interviews: cases.reduce((n, c) => n + (c.investigation?.interviews ?? 0), 0),
    byRank: group(RANKS, (p) => p.rank).map(({ key, ...t }) => ({ rank: key, ...t })),
    byOrganisationType: group(ORGANISATION_TYPES, (p) => p.organisationType).map(
      ({ key, ...t }) => ({ organisationType: key, ...t }),
    ),
    byResponsibilityType: group(RESPONSIBILITY_TYPES, (p) => p.responsibilityType).map(
      ({ key, ...t }) => ({ responsibilityType: key, ...t }),
    ),
    bySanctionKind: SANCTION_CATALOGUE.map((info) => ({
      kind: info.kind,
      category: info.category,
      severity: info.severity,
      ...tally(persons, (s) => s.kind === info.kind),
    })),
    byCategory: SANCTION_CATEGORIES.map((category) => ({
      category,
      ...tally(persons, (s) => s.category === category),
    })),
    compensation: {
      claims: claims.length,
      concluded: claims.filter((c) => c.outcome).length,
      pending: claims.filter((c) => !c.outcome).length,
      amountAgreed: claims.reduce((n, c) => n + (c.outcome?.amountAgreed ?? 0), 0),
    },
    litigation: {
      referred: suits.length,
      concluded: suits.filter((l) => l.outcome).length,
      pending: suits.filter((l) => !l.outcome).length,
    },
    units: units.length,
    unitsWithdrawn: cases.flatMap(unitsOf).length - units.length,
    byUnitMethod: UNIT_METHODS.map((method) => ({
      method,
      units: units.filter((u) => u.methods.includes(method)).length,
    })),
    byGroup,
    byAnnouncementRank,
    ungrouped: tally(persons, (s) => !grouped.has(countedKind(s.kind))),
    announcement: announcementParagraph(table, {
      people,
      units: units.length,
      ranks: byAnnouncementRank,
      groups: byGroup,
    }),
  };
}

/** The figures of several inspections: as one inspection's, without the paragraph (see below). */
export type SummaryOfSeveral = Omit<AccountabilitySummary, 'announcement'> & {
  announcement: string | null;
};

/** In a list of tallies, the fields that are counts; every other field names the row. */
const COUNTED_IN_ROWS = new Set(['people', 'personTimes', 'units']);

type Figures = Record<string, unknown>;

function addRows(lists: readonly (readonly Figures[])[]): Figures[] {
  const rows = new Map<string, Figures>();
  for (const list of lists) {
    for (const row of list) {
      const key = JSON.stringify(Object.entries(row).filter(([k]) => !COUNTED_IN_ROWS.has(k)));
      const seen = rows.get(key);
      if (!seen) rows.set(key, { ...row });
      else
        for (const k of COUNTED_IN_ROWS) if (k in row) seen[k] = Number(seen[k]) + Number(row[k]);
    }
  }
  return [...rows.values()];
}

/**
 * Several inspections' summaries added up (a province's round, a set of inspections): every count
 * is the sum of the inspections' own, each under its own announcement table, so a group or rank
 * line of the tables they share holds the sum and one that only some tables have holds theirs. The
 * announcement paragraph is an inspection's own text, published under its own table: over several
 * there is none (null) unless there is just one.
 */
export function addSummaries(summaries: readonly AccountabilitySummary[]): SummaryOfSeveral {
  if (summaries.length === 1) return summaries[0];
  const [first, ...rest] = summaries.length ? summaries : [summariseCases([])];
  const out: Figures = {};
  for (const [key, value] of Object.entries(first)) {
    const all = [value, ...rest.map((s) => (s as unknown as Figures)[key])];
    if (typeof value === 'number') out[key] = all.reduce((n: number, v) => n + Number(v), 0);
    else if (Array.isArray(value)) out[key] = addRows(all as Figures[][]);
    else if (value !== null && typeof value === 'object') {
      const sums: Record<string, number> = {};
      for (const part of all as Record<string, number>[])
        for (const [k, n] of Object.entries(part)) sums[k] = (sums[k] ?? 0) + n;
      out[key] = sums;
    }
  }
  return { ...(out as unknown as AccountabilitySummary), announcement: null };
}
