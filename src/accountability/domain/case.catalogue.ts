import { ENUM_VALUES } from '../../generated/graphql.js';
/**
 * The scales a published accountability announcement counts by (DOMAIN.md, Accountability records).
 * Kept as data so the decider, the summary, the schema's enums and the docs read from one table.
 */

export const SANCTION_CATEGORIES = ENUM_VALUES.SanctionCategory;
export type SanctionCategory = (typeof SANCTION_CATEGORIES)[number];

export interface SanctionKindInfo {
  readonly kind: string;
  readonly category: SanctionCategory;
  /** Rank within its category, 1 = lightest. */
  readonly severity: number;
  readonly zh: string;
  readonly en: string;
  /**
   * A decision made under the rules before the 2020 law on government sanctions (行政处分), named as
   * it was made and counted with the government sanction it corresponds to.
   */
  readonly countsAs?: string;
  /** The organisation department (组织部) may record it too (诫勉 and organisational handling). */
  readonly organisational?: boolean;
}

/**
 * Severities here are the current ranking. Events written before issue 14 carry the ranking of
 * their time (通报 1 ... 纪律处分 5 among the accountability methods); `evolve` reads category and
 * severity from this table by kind (`currentTerms`), so a stored decision keeps its kind, its
 * meaning, and ranks where the catalogue ranks it now.
 */
export const SANCTION_CATALOGUE = [
  {
    kind: 'CIRCULAR',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 5,
    zh: '通报',
    en: 'circular',
  },
  {
    kind: 'ADMONISHMENT',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 6,
    zh: '诫勉',
    en: 'admonishment',
    organisational: true,
  },
  {
    kind: 'ORGANISATIONAL_HANDLING',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 7,
    zh: '组织处理（其他）',
    en: 'organisational handling (other)',
    organisational: true,
  },
  {
    kind: 'TRANSFER',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 9,
    zh: '组织处理：调离岗位',
    en: 'organisational handling: transfer',
    organisational: true,
  },
  {
    kind: 'DISMISSAL',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 12,
    zh: '组织处理：免职',
    en: 'organisational handling: dismissal from post',
    organisational: true,
  },
  {
    kind: 'DISCIPLINARY',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 14,
    zh: '纪律处分（未细分）',
    en: 'disciplinary sanction (unspecified)',
  },
  {
    kind: 'REMINDER_TALK',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 1,
    zh: '提醒谈话',
    en: 'reminder talk',
  },
  {
    kind: 'CRITICISM_AND_EDUCATION',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 2,
    zh: '批评教育',
    en: 'criticism and education',
  },
  {
    kind: 'ORDERED_SELF_EXAMINATION',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 3,
    zh: '责令检查',
    en: 'ordered to write a self-examination',
  },
  {
    kind: 'ORDERED_PUBLIC_APOLOGY',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 4,
    zh: '责令公开道歉',
    en: 'ordered to apologise publicly',
  },
  {
    kind: 'SUSPENSION_FOR_INSPECTION',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 8,
    zh: '组织处理：停职检查',
    en: 'organisational handling: suspended pending self-examination',
    organisational: true,
  },
  {
    kind: 'RESIGNATION_TAKING_RESPONSIBILITY',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 10,
    zh: '组织处理：引咎辞职',
    en: 'organisational handling: resignation taking responsibility',
    organisational: true,
  },
  {
    kind: 'ORDERED_RESIGNATION',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 11,
    zh: '组织处理：责令辞职',
    en: 'organisational handling: ordered to resign',
    organisational: true,
  },
  {
    kind: 'POST_DEMOTION',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 13,
    zh: '组织处理：降职',
    en: 'organisational handling: demotion in post',
    organisational: true,
  },
  {
    kind: 'PARTY_WARNING',
    category: 'PARTY_DISCIPLINE',
    severity: 1,
    zh: '党内警告',
    en: 'party warning',
  },
  {
    kind: 'PARTY_SERIOUS_WARNING',
    category: 'PARTY_DISCIPLINE',
    severity: 2,
    zh: '党内严重警告',
    en: 'serious party warning',
  },
  {
    kind: 'REMOVAL_FROM_PARTY_POSTS',
    category: 'PARTY_DISCIPLINE',
    severity: 3,
    zh: '撤销党内职务',
    en: 'removal from party posts',
  },
  {
    kind: 'PARTY_PROBATION',
    category: 'PARTY_DISCIPLINE',
    severity: 4,
    zh: '留党察看',
    en: 'party probation',
  },
  {
    kind: 'EXPULSION_FROM_PARTY',
    category: 'PARTY_DISCIPLINE',
    severity: 5,
    zh: '开除党籍',
    en: 'expulsion from the party',
  },
  {
    kind: 'GOV_WARNING',
    category: 'GOVERNMENT_SANCTION',
    severity: 1,
    zh: '政务警告',
    en: 'warning',
  },
  { kind: 'DEMERIT', category: 'GOVERNMENT_SANCTION', severity: 2, zh: '记过', en: 'demerit' },
  {
    kind: 'MAJOR_DEMERIT',
    category: 'GOVERNMENT_SANCTION',
    severity: 3,
    zh: '记大过',
    en: 'major demerit',
  },
  { kind: 'DEMOTION', category: 'GOVERNMENT_SANCTION', severity: 4, zh: '降级', en: 'demotion' },
  {
    kind: 'REMOVAL_FROM_OFFICE',
    category: 'GOVERNMENT_SANCTION',
    severity: 5,
    zh: '撤职',
    en: 'removal from office',
  },
  {
    kind: 'DISMISSAL_FROM_PUBLIC_SERVICE',
    category: 'GOVERNMENT_SANCTION',
    severity: 6,
    zh: '开除（公职）',
    en: 'dismissal from public service',
  },
  {
    kind: 'ADMIN_WARNING',
    category: 'GOVERNMENT_SANCTION',
    severity: 1,
    zh: '行政警告（行政处分）',
    en: 'administrative warning (before 2020)',
    countsAs: 'GOV_WARNING',
  },
  {
    kind: 'ADMIN_DEMERIT',
    category: 'GOVERNMENT_SANCTION',
    severity: 2,
    zh: '行政记过（行政处分）',
    en: 'administrative demerit (before 2020)',
    countsAs: 'DEMERIT',
  },
  {
    kind: 'ADMIN_MAJOR_DEMERIT',
    category: 'GOVERNMENT_SANCTION',
    severity: 3,
    zh: '行政记大过（行政处分）',
    en: 'administrative major demerit (before 2020)',
    countsAs: 'MAJOR_DEMERIT',
  },
  {
    kind: 'ADMIN_DEMOTION',
    category: 'GOVERNMENT_SANCTION',
    severity: 4,
    zh: '行政降级（行政处分）',
    en: 'administrative demotion (before 2020)',
    countsAs: 'DEMOTION',
  },
  {
    kind: 'ADMIN_REMOVAL_FROM_OFFICE',
    category: 'GOVERNMENT_SANCTION',
    severity: 5,
    zh: '行政撤职（行政处分）',
    en: 'administrative removal from office (before 2020)',
    countsAs: 'REMOVAL_FROM_OFFICE',
  },
  {
    kind: 'ADMIN_DISMISSAL',
    category: 'GOVERNMENT_SANCTION',
    severity: 6,
    zh: '开除（行政处分）',
    en: 'administrative dismissal (before 2020)',
    countsAs: 'DISMISSAL_FROM_PUBLIC_SERVICE',
  },
  {
    kind: 'JUDICIAL_REFERRAL',
    category: 'JUDICIAL',
    severity: 1,
    zh: '移送司法机关',
    en: 'referral to judicial authorities',
  },
] as const satisfies readonly SanctionKindInfo[];

export type SanctionKind = (typeof SANCTION_CATALOGUE)[number]['kind'];

export const sanctionInfo = (kind: string): SanctionKindInfo | undefined =>
  SANCTION_CATALOGUE.find((s) => s.kind === kind);

/** The kind a decision is counted as: itself, or its current equivalent for a pre-2020 one. */
export const countedKind = (kind: string): string => sanctionInfo(kind)?.countsAs ?? kind;

/**
 * 单位问责: what a unit (a party organisation, a government, a department, an enterprise) is held
 * accountable with, as the accountability regulations and announcements name it.
 */
export const UNIT_METHOD_CATALOGUE = [
  { method: 'SELF_EXAMINATION', zh: '责令检查', en: 'ordered to make a written self-examination' },
  { method: 'CIRCULAR', zh: '通报', en: 'circular' },
  { method: 'INTERVIEW', zh: '约谈', en: 'summoned for a talk' },
  { method: 'ORDERED_RECTIFICATION', zh: '责令整改', en: 'ordered to rectify' },
  { method: 'REORGANISATION', zh: '改组', en: 'reorganisation' },
] as const;

export const UNIT_METHODS = ENUM_VALUES.UnitAccountabilityMethod;
export type UnitMethod = (typeof UNIT_METHODS)[number];

export const unitMethodZh = (method: string): string =>
  UNIT_METHOD_CATALOGUE.find((m) => m.method === method)?.zh ?? method;

export const RANKS = ENUM_VALUES.OfficialRank;
export type Rank = (typeof RANKS)[number];

export const ORGANISATION_TYPES = ENUM_VALUES.OrganisationType;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const RESPONSIBILITY_TYPES = ENUM_VALUES.ResponsibilityType;
export type ResponsibilityType = (typeof RESPONSIBILITY_TYPES)[number];

export const CASE_STATUSES = ENUM_VALUES.AccountabilityCaseStatus;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const COMPENSATION_RESULTS = ENUM_VALUES.CompensationResult;
export type CompensationResult = (typeof COMPENSATION_RESULTS)[number];

export const LITIGATION_RESULTS = ENUM_VALUES.LitigationResult;
export type LitigationResult = (typeof LITIGATION_RESULTS)[number];
