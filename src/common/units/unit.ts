import { ENUM_VALUES } from '../../generated/graphql.js';

export const UNIT_KINDS = ENUM_VALUES.UnitKind;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** One organisation of the unit registry (units.ts). */
export interface Unit {
  readonly code: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly kind: UnitKind;
  readonly parent: string | null;
  readonly regionCode: string;
}
