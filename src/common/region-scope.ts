import type { Actor } from './actor.js';

/**
 * Region scoping (which records a token may read). A token of the central office carries no
 * `region` claim and reads every province. A token with a `region` (a province's code, or the
 * city's or county's own code for a local government) reads only the records of that province:
 * those of the inspections held there. Records that belong to no inspection are the central
 * office's alone, but for a published disclosure of none, which is a document for everyone.
 */

/** The province code (XX0000) of any division code. */
export const provinceCodeOf = (code: string): string => `${code.slice(0, 2)}0000`;

/** The province a token is limited to, or null for the central office (every province). */
export const readScopeOf = (actor: Actor): string | null =>
  actor.region ? provinceCodeOf(actor.region) : null;

/** Whether a record of `province` (null: of no inspection) is visible in a scope. */
export const inReadScope = (scope: string | null, province: string | null | undefined): boolean =>
  scope === null || (!!province && provinceCodeOf(province) === scope);
