import { ENUM_VALUES } from '../../generated/graphql.js';

/**
 * The scales a complaint case is recorded and published by, with the words a province's table uses.
 * Kept as data so the decider, the import, the exports and the schema's enums read from one table.
 */
export const CHANNELS = ENUM_VALUES.ComplaintChannel;
export type Channel = (typeof CHANNELS)[number];

export const POLLUTION_TYPES = ENUM_VALUES.PollutionType;
export type PollutionType = (typeof POLLUTION_TYPES)[number];

export const VERIFICATION_RESULTS = ENUM_VALUES.VerificationResult;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

export const COMPLAINT_STATUSES = ENUM_VALUES.ComplaintStatus;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  PHONE: '来电',
  LETTER: '来信',
  OTHER: '其他',
};

export const POLLUTION_LABELS: Record<PollutionType, string> = {
  AIR: '大气',
  WATER: '水',
  SOIL: '土壤',
  NOISE: '噪声',
  SOLID_WASTE: '固废',
  ECOLOGY: '生态',
  RADIATION: '辐射',
  OTHER: '其他',
};

export const VERIFICATION_LABELS: Record<VerificationResult, string> = {
  SUBSTANTIATED: '属实',
  MOSTLY_SUBSTANTIATED: '基本属实',
  PARTLY_SUBSTANTIATED: '部分属实',
  UNSUBSTANTIATED: '不属实',
};

export const STATUS_LABELS: Record<ComplaintStatus, string> = {
  HANDED_OVER: '已交办',
  INVESTIGATING: '调查核实中',
  VERIFIED: '已核实',
  HANDLED: '已处理',
  CLOSED_IN_STAGES: '阶段性办结',
  CLOSED: '已办结',
};

/** Statuses that count as done in a published summary; every other status is in progress. */
export const FINISHED_STATUSES: readonly ComplaintStatus[] = ['CLOSED', 'CLOSED_IN_STAGES'];

/**
 * The enforcement a case records as counted facts (DOMAIN.md, 边督边改), with the unit each is
 * published in. Order is the order a province's announcement lists them.
 */
export const ENFORCEMENT_COUNTS = [
  { key: 'orderedToRectify', zh: '责令整改', unit: '家' },
  { key: 'penaltyCases', zh: '立案处罚', unit: '家' },
  { key: 'fineYuan', zh: '罚款', unit: '元' },
  { key: 'criminalCases', zh: '立案侦查', unit: '件' },
  { key: 'administrativeDetentions', zh: '行政拘留', unit: '人' },
  { key: 'criminalDetentions', zh: '刑事拘留', unit: '人' },
  { key: 'summonedTalks', zh: '约谈', unit: '人' },
  { key: 'peopleHeldAccountable', zh: '问责', unit: '人' },
] as const;
export type EnforcementKey = (typeof ENFORCEMENT_COUNTS)[number]['key'];
