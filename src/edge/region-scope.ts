import type { ReadModels } from '../../projections/read-models.js';
import { ForbiddenError, BadInputError } from '../common/errors.js';
import type { Actor } from '../common/actor.js';
import { inReadScope, readScopeOf } from '../common/region-scope.js';
import { integerIn, recordId, regionCode } from '../common/validation.js';

/**
 * Region scoping at the API edge (the rule itself is the kernel's region-scope.ts): every query,
 * export and subscription asks here which province the caller is limited to, and whether a record
 * or an inspection lies within it. A record outside answers as if it did not exist (null, or left
 * out of a list); an inspection named outright outside the scope is refused, so a count never
 * silently reads zero.
 */

/** The caller's province (XX0000), or null for the central office. */
export const readScope = (actor: Actor): string | null => readScopeOf(actor);

/** Whether the caller may see the record of `streamId`. */
export function streamVisible(
  readModels: ReadModels,
  scope: string | null,
  streamId: string,
): boolean {
  return scope === null || inReadScope(scope, readModels.national.provinceOfStream(streamId));
}

/**
 * Whether the caller may see a published disclosure: one of an inspection as any record of it; one
 * of no inspection (a document for everyone) by every token.
 */
export function disclosureVisible(
  readModels: ReadModels,
  scope: string | null,
  streamId: string,
): boolean {
  if (scope === null) return true;
  const province = readModels.national.provinceOfStream(streamId);
  return province === null || inReadScope(scope, province);
}

/** Refuses a disclosure outside the caller's province. */
export function requireDisclosureInScope(
  readModels: ReadModels,
  scope: string | null,
  streamId: string,
): void {
  if (disclosureVisible(readModels, scope, streamId)) return;
  throw new ForbiddenError(
    `公开记录 ${streamId} 属于其他省（区、市）`,
    `Disclosure ${streamId} is of another province than this token's (${scope})`,
    { streamId, region: scope },
  );
}

/** Refuses a record outside the caller's province (where an answer would tell it exists). */
export function requireStreamInScope(
  readModels: ReadModels,
  scope: string | null,
  streamId: string,
): void {
  if (streamVisible(readModels, scope, streamId)) return;
  throw new ForbiddenError(
    `记录 ${streamId} 不属于本令牌所在省（区、市）${scope}`,
    `Record ${streamId} is outside the province of this token (${scope})`,
    { streamId, region: scope },
  );
}

/** Refuses an inspection outside the caller's province. */
export function requireInspectionInScope(
  readModels: ReadModels,
  scope: string | null,
  inspectionId: string,
): void {
  if (scope === null) return;
  if (inReadScope(scope, readModels.national.provinceOfInspection(inspectionId))) return;
  throw new ForbiddenError(
    `督察轮次 ${inspectionId} 不属于本令牌所在省（区、市）${scope}`,
    `Inspection ${inspectionId} is outside the province of this token (${scope})`,
    { inspectionId, region: scope },
  );
}

/**
 * An export for a province's token: it must name an inspection (or a collection round) of its own
 * province; an export of every record is the central office's. Nothing to check for the central office.
 */
export function requireExportInScope(
  readModels: ReadModels,
  scope: string | null,
  request: { readonly inspectionId?: string; readonly roundId?: string },
): void {
  if (scope === null) return;
  if (!request.inspectionId && !request.roundId) {
    throw new ForbiddenError(
      `本令牌限于省（区、市）${scope}：导出须指定本省的督察轮次 inspectionId`,
      `This token is limited to province ${scope}: an export must name an inspection of it (inspectionId)`,
      { region: scope, field: 'inspectionId' },
    );
  }
  if (request.inspectionId) requireInspectionInScope(readModels, scope, request.inspectionId);
  if (request.roundId) requireStreamInScope(readModels, scope, `collection-${request.roundId}`);
}

/** How a roll-up names its inspections: one, several, or a region's province and a round. */
export interface RollUpArgs {
  readonly inspectionId?: string | null;
  readonly inspectionIds?: readonly string[] | null;
  readonly region?: string | null;
  readonly round?: number | null;
}

const MAX_INSPECTIONS = 500;

/**
 * The inspections a board or summary counts, checked and within the caller's province: the one or
 * several named (each must lie within it), or those of a region and a round (a province's token
 * gets its own province's, whatever region it names).
 */
export function rollUpInspections(
  readModels: ReadModels,
  scope: string | null,
  args: RollUpArgs,
): { readonly inspectionId: string | null; readonly inspectionIds: string[] } {
  const ways = [
    args.inspectionId != null,
    args.inspectionIds != null,
    args.region != null || args.round != null,
  ].filter(Boolean).length;
  if (ways !== 1) {
    throw new BadInputError(
      '须且只须给出 inspectionId、inspectionIds 或 region/round 之一',
      'Give exactly one of inspectionId, inspectionIds, or region and/or round',
      { field: 'inspectionId' },
    );
  }
  if (args.inspectionId != null) {
    const id = recordId('inspectionId', args.inspectionId);
    requireInspectionInScope(readModels, scope, id);
    return { inspectionId: id, inspectionIds: [id] };
  }
  if (args.inspectionIds != null) {
    if (args.inspectionIds.length === 0 || args.inspectionIds.length > MAX_INSPECTIONS) {
      throw new BadInputError(
        `inspectionIds：须为 1 至 ${MAX_INSPECTIONS} 个督察轮次`,
        `inspectionIds: give 1 to ${MAX_INSPECTIONS} inspections`,
        { field: 'inspectionIds', max: MAX_INSPECTIONS },
      );
    }
    const ids = [...new Set(args.inspectionIds.map((x, i) => recordId(`inspectionIds[${i}]`, x)))];
    for (const id of ids) requireInspectionInScope(readModels, scope, id);
    return { inspectionId: null, inspectionIds: ids };
  }
  const selection = {
    regionCode: args.region == null ? null : regionCode('region', args.region),
    round: args.round == null ? null : integerIn('round', args.round, 1, 10_000),
  };
  const ids = readModels.national.inspections(selection, scope).map((i) => i.inspectionId);
  return { inspectionId: null, inspectionIds: ids };
}
