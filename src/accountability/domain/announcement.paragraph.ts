import type { AnnouncementTable } from './announcement.table.js';

/** The figures the paragraph is written from. */
export interface AnnouncementFigures {
  people: number;
  units: number;
  ranks: { label: string; people: number }[];
  groups: { key: string; label: string; people: number }[];
}

const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? String(values[key]) : whole,
  );

/**
 * The paragraph the disclosure team publishes, written from the figures with the table's wording: a
 * pure function of both, so a disclosure regenerates it byte for byte. A group counted inside
 * another (`includes`) is shown within it ("（含移送司法机关 4 人）") rather than on its own.
 */
export function announcementParagraph(table: AnnouncementTable, f: AnnouncementFigures): string {
  const w = table.wording;
  if (f.people === 0 && f.units === 0) return w.none;
  const within = new Set(table.groups.flatMap((g) => g.includes));
  const count = (key: string) => f.groups.find((g) => g.key === key)?.people ?? 0;
  const ranks = f.ranks
    .filter((r) => r.people > 0)
    .map((r) => fill(w.rank, { label: r.label, n: r.people }))
    .join(w.rankSeparator);
  const groups = table.groups
    .filter((g) => !within.has(g.key) && count(g.key) > 0)
    .map((g) => {
      const inner = g.includes
        .filter((key) => count(key) > 0)
        .map((key) => {
          const label = table.groups.find((x) => x.key === key)?.label ?? key;
          return fill(w.within, { label, n: count(key) });
        })
        .join('');
      return fill(w.group, { label: g.label, n: count(g.key) }) + inner;
    })
    .join(w.groupSeparator);
  return fill(w.paragraph, {
    units: f.units > 0 ? fill(w.units, { n: f.units }) : '',
    people: f.people,
    ranks,
    groups,
  });
}
