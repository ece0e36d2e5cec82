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
}

export const SANCTION_CATALOGUE = [
  { kind: 'CIRCULAR', category: 'ACCOUNTABILITY_METHOD', severity: 1, zh: '通报', en: 'circular' },
  {
    kind: 'ADMONISHMENT',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 2,
    zh: '诫勉',
    en: 'admonishment',
  },
  {
    kind: 'ORGANISATIONAL_HANDLING',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 3,
    zh: '组织处理（其他）',
    en: 'organisational handling (other)',
  },
  {
    kind: 'TRANSFER',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 3,
    zh: '组织处理：调离岗位',
    en: 'organisational handling: transfer',
  },
  {
    kind: 'DISMISSAL',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 4,
    zh: '组织处理：免职',
    en: 'organisational handling: dismissal from post',
  },
  {
    kind: 'DISCIPLINARY',
    category: 'ACCOUNTABILITY_METHOD',
    severity: 5,
    zh: '纪律处分（未细分）',
    en: 'disciplinary sanction (unspecified)',
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
