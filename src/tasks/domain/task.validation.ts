import { BadInputError } from '../../common/errors.js';
import { withinRecordLimit, type RecordNoun } from '../../common/limits.js';
import {
  TEXT_MAX,
  integerIn,
  isoTime,
  oneOf,
  optionalIsoTime,
  optionalText,
  regionCode,
  requiredText,
} from '../../common/validation.js';
import { divisionName } from '../../common/divisions/administrative-divisions.js';
import { resolveUnit, unitName, type Unit } from '../../common/units/units.js';
import type { Assignment } from './task.events.js';
import { signOffPathFor } from './task.sign-off.js';
import type { AssignmentInput } from './task.commands.js';
import {
  SIGN_OFF_TIERS,
  type EvidenceRef,
  type ResponsibleLeader,
  type TaskState,
} from './task.state.js';

/** Checks and normalises what a command carries, so events hold only clean data. */

const SHA256 = /^[0-9a-fA-F]{64}$/;
const MEDIA_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/i;

/**
 * What one call and one task may hold (issue 19: one implementing unit must not fill the disk).
 * Checked in decide only: events recorded before a limit existed still fold.
 */
/** Evidence references one call may carry (reportProgress, attachEvidence, requestAcceptance). */
export const EVIDENCE_PER_CALL_MAX = 100;
/** Evidence references one task may hold over its whole life. */
export const EVIDENCE_PER_TASK_MAX = 1_000;
/** A progress report's summary (progress reports accumulate: the state keeps the latest inline). */
export const PROGRESS_SUMMARY_MAX = 5_000;
/** The assignment's target and measures (replaced by an amendment, never accumulated). */
export const MEASURES_MAX = TEXT_MAX;
/** Supervision notes one task may hold (督办、约谈 ...). */
export const SUPERVISIONS_PER_TASK_MAX = 200;

const A_TASK: RecordNoun = { zh: '每项整改任务', en: 'a task' };

/** Refuses a list that would take a task past a per-task limit, naming the field and the limit. */
export const withinTaskLimit = (field: string, held: number, adding: number, max: number): void =>
  withinRecordLimit(field, A_TASK, held, adding, max);

/** Evidence for a task: the call's list checked, then the task's total. */
export function taskEvidence(task: TaskState, field: string, value: unknown): EvidenceRef[] {
  const evidence = evidenceList(field, value);
  withinTaskLimit(field, task.evidence.length, evidence.length, EVIDENCE_PER_TASK_MAX);
  return evidence;
}

export function evidenceList(field: string, value: unknown): EvidenceRef[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > EVIDENCE_PER_CALL_MAX) {
    throw new BadInputError(
      `${field}：须为至多 ${EVIDENCE_PER_CALL_MAX} 项的列表`,
      `${field}: must be a list of at most ${EVIDENCE_PER_CALL_MAX} items`,
      { field, max: EVIDENCE_PER_CALL_MAX },
    );
  }
  return value.map((item: Partial<EvidenceRef> | null, i) => {
    const at = `${field}[${i}]`;
    const mediaType = requiredText(`${at}.mediaType`, item?.mediaType, 100);
    if (!MEDIA_TYPE.test(mediaType)) {
      throw new BadInputError(
        `${at}.mediaType：格式无效`,
        `${at}.mediaType: expected type/subtype`,
        {
          field: `${at}.mediaType`,
        },
      );
    }
    const sha256 = requiredText(`${at}.sha256`, item?.sha256, 64);
    if (!SHA256.test(sha256)) {
      throw new BadInputError(
        `${at}.sha256：须为 64 位十六进制`,
        `${at}.sha256: must be 64 hexadecimal digits`,
        { field: `${at}.sha256` },
      );
    }
    return {
      fileName: requiredText(`${at}.fileName`, item?.fileName, 255),
      mediaType,
      size: integerIn(`${at}.size`, item?.size, 0, Number.MAX_SAFE_INTEGER),
      sha256: sha256.toLowerCase(),
    };
  });
}

/**
 * One unit, by its full name or an alias read in the province of `scope` (the task's region): stored
 * as the registry's full name.
 */
export const unit = (field: string, value: unknown, scope?: string | null): string =>
  unitName(field, requiredText(field, value, 200), scope);

export function unitList(field: string, value: unknown, scope?: string | null): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 50) {
    throw new BadInputError(`${field}：至多 50 个单位`, `${field}: at most 50 units`, { field });
  }
  return [...new Set(value.map((v, i) => unit(`${field}[${i}]`, v, scope)))];
}

export function leader(field: string, value: unknown): ResponsibleLeader {
  const v = (value ?? {}) as Partial<ResponsibleLeader>;
  return {
    name: requiredText(`${field}.name`, v.name, 100),
    position: requiredText(`${field}.position`, v.position, 200),
    phone: optionalText(`${field}.phone`, v.phone, 50),
  };
}

/** The fields that say who carries out a task and who accepts it. */
export const UNIT_FIELDS = ['leadUnit', 'supportingUnits', 'acceptanceUnit'] as const;

/**
 * Separation of duties (谁验收谁负责): the acceptance unit is none of the implementing units (lead
 * or supporting), or a unit could accept its own work. BAD_USER_INPUT, not FORBIDDEN: the office
 * may assign the task; what it gave is a list row that cannot stand, fixed by changing a field.
 */
export function dutiesApart<
  T extends {
    readonly leadUnit: string | null;
    readonly supportingUnits: readonly string[];
    readonly acceptanceUnit: string | null;
  },
>(units: T): T {
  const { leadUnit, supportingUnits, acceptanceUnit } = units;
  if (acceptanceUnit !== null && [leadUnit, ...supportingUnits].includes(acceptanceUnit)) {
    const role =
      acceptanceUnit === leadUnit ? ['牵头单位', 'lead unit'] : ['配合单位', 'supporting unit'];
    throw new BadInputError(
      `acceptanceUnit：验收单位“${acceptanceUnit}”同时是本任务的${role[0]}，实施单位不得验收自己的整改`,
      `acceptanceUnit: "${acceptanceUnit}" is also the task's ${role[1]}; an implementing unit may not accept its own work`,
      { field: 'acceptanceUnit' },
    );
  }
  return units;
}

/** A region as lists name it: a county with its city (九江市都昌县), a city or the province alone. */
export function regionLabel(code: string): string {
  const name = divisionName(code) ?? code;
  if (code.endsWith('00')) return name;
  return `${divisionName(`${code.slice(0, 4)}00`) ?? ''}${name}`;
}

/** 分级销号 as the lead unit's kind implies it, when the list does not say: governments close locally. */
export const defaultTier = (lead: Unit): 'CITY' | 'PROVINCIAL' =>
  lead.kind === 'CITY_GOVERNMENT' || lead.kind === 'COUNTY_GOVERNMENT' ? 'CITY' : 'PROVINCIAL';

const given = (value: unknown): boolean =>
  value !== undefined && value !== null && !(typeof value === 'string' && !value.trim());

/**
 * The assignment a command gives, checked. The five things a published list fixes for every problem
 * (整改实施主体、目标、时限、措施、验收单位) are required; the region and the tier default from the lead
 * unit in the registry, and the leader and category may be left for later (amendTask).
 */
export function assignment(input: AssignmentInput): Assignment {
  const longTerm = input.longTerm === true;
  const deadline = optionalIsoTime('deadline', input.deadline);
  if (!deadline && !longTerm) {
    throw new BadInputError(
      'deadline：须填写整改时限，或标明长期坚持（longTerm）',
      'deadline: give a deadline, or mark the task longTerm',
      { field: 'deadline' },
    );
  }
  // Abbreviations are read in the task's province: the region given, else the lead unit's.
  const givenRegion = given(input.regionCode) ? regionCode('regionCode', input.regionCode) : null;
  const lead = resolveUnit(
    'leadUnit',
    requiredText('leadUnit', input.leadUnit, 200),
    givenRegion ?? undefined,
  );
  const leadUnit = lead.name;
  const code = givenRegion ?? lead.regionCode;
  const acceptanceUnit = unit('acceptanceUnit', input.acceptanceUnit, code);
  return {
    leadUnit,
    // A cell that names the lead again among its supporting units means it once, as the lead.
    supportingUnits: unitList('supportingUnits', input.supportingUnits, code).filter(
      (u) => u !== leadUnit,
    ),
    responsibleLeader: given(input.responsibleLeader)
      ? leader('responsibleLeader', input.responsibleLeader)
      : null,
    acceptanceUnit,
    target: requiredText('target', input.target, MEASURES_MAX),
    measures: requiredText('measures', input.measures, MEASURES_MAX),
    deadline,
    longTerm,
    category: given(input.category) ? requiredText('category', input.category, 100) : null,
    regionCode: code,
    regionName: given(input.regionName)
      ? requiredText('regionName', input.regionName, 100)
      : regionLabel(code),
    signOffTier: given(input.signOffTier)
      ? oneOf('signOffTier', input.signOffTier, SIGN_OFF_TIERS)
      : defaultTier(lead),
    ...signOffPathFor({ leadUnit, acceptanceUnit, regionCode: code }),
  };
}

export { isoTime };
