/**
 * A column a sheet may hold: the heading exports write, the variants accepted on import, and whether
 * it may leave the building or be read at all. Each kind of sheet has its own table of columns; the
 * readers find the heading row and map headings through the table they are given.
 */
export interface SheetColumn {
  readonly field: string;
  readonly zh: string;
  readonly en: string;
  readonly variants: readonly string[];
  readonly public: boolean;
  readonly importable: boolean;
}
