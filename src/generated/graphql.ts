/*
 * -------------------------------------------------------
 * THIS FILE WAS AUTOMATICALLY GENERATED (DO NOT MODIFY)
 * -------------------------------------------------------
 */

// Generated from schema/*.graphql by `npm run schema:types`: do not edit by hand.
export type AccountabilityCaseStatus = 'REFERRED' | 'INVESTIGATING' | 'CLOSED';
/** 级别: 厅级 bureau, 处级 division, 科级及以下 section and below, 其他 other */
export type OfficialRank = 'BUREAU' | 'DIVISION' | 'SECTION' | 'OTHER';
/** 单位类型: 党委, 政府, 部门, 国有企业, 事业单位, 其他 */
export type OrganisationType =
  | 'PARTY_COMMITTEE'
  | 'GOVERNMENT'
  | 'DEPARTMENT'
  | 'STATE_OWNED_ENTERPRISE'
  | 'PUBLIC_INSTITUTION'
  | 'OTHER';
/** 责任类型: 主体责任, 监管责任, 领导责任 */
export type ResponsibilityType = 'PRIMARY' | 'SUPERVISORY' | 'LEADERSHIP';
export type SanctionCategory =
  'ACCOUNTABILITY_METHOD' | 'PARTY_DISCIPLINE' | 'GOVERNMENT_SANCTION' | 'JUDICIAL';
/** The sanction catalogue; `sanctionCatalogue` gives each kind's category, severity and names. */
export type SanctionKind =
  | 'CIRCULAR'
  | 'ADMONISHMENT'
  | 'ORGANISATIONAL_HANDLING'
  | 'TRANSFER'
  | 'DISMISSAL'
  | 'DISCIPLINARY'
  | 'REMINDER_TALK'
  | 'CRITICISM_AND_EDUCATION'
  | 'ORDERED_SELF_EXAMINATION'
  | 'ORDERED_PUBLIC_APOLOGY'
  | 'SUSPENSION_FOR_INSPECTION'
  | 'RESIGNATION_TAKING_RESPONSIBILITY'
  | 'ORDERED_RESIGNATION'
  | 'POST_DEMOTION'
  | 'PARTY_WARNING'
  | 'PARTY_SERIOUS_WARNING'
  | 'REMOVAL_FROM_PARTY_POSTS'
  | 'PARTY_PROBATION'
  | 'EXPULSION_FROM_PARTY'
  | 'GOV_WARNING'
  | 'DEMERIT'
  | 'MAJOR_DEMERIT'
  | 'DEMOTION'
  | 'REMOVAL_FROM_OFFICE'
  | 'DISMISSAL_FROM_PUBLIC_SERVICE'
  | 'ADMIN_WARNING'
  | 'ADMIN_DEMERIT'
  | 'ADMIN_MAJOR_DEMERIT'
  | 'ADMIN_DEMOTION'
  | 'ADMIN_REMOVAL_FROM_OFFICE'
  | 'ADMIN_DISMISSAL'
  | 'JUDICIAL_REFERRAL';
export type SanctionStatus = 'IN_FORCE' | 'CORRECTED' | 'WITHDRAWN';
export type CompensationResult =
  'AGREEMENT_REACHED' | 'JUDGMENT_FOR_CLAIMANT' | 'CLAIM_REJECTED' | 'CLAIM_WITHDRAWN';
export type LitigationResult =
  | 'NOT_FILED'
  | 'PRE_LITIGATION_RECTIFIED'
  | 'JUDGMENT_FOR_PLAINTIFF'
  | 'JUDGMENT_AGAINST_PLAINTIFF'
  | 'SETTLED'
  | 'WITHDRAWN';
/** 单位问责: how a unit is held accountable. */
export type UnitAccountabilityMethod =
  'SELF_EXAMINATION' | 'CIRCULAR' | 'INTERVIEW' | 'ORDERED_RECTIFICATION' | 'REORGANISATION';
export type UnitAccountabilityStatus = 'IN_FORCE' | 'WITHDRAWN';
/** Which number of the progress board a list of tasks stands behind (see Board for what each counts). */
export type BoardMeasure =
  'TOTAL' | 'DONE' | 'IN_PROGRESS' | 'OVERDUE' | 'BEHIND_SCHEDULE' | 'REOPENED';
/** Where a collection round stands (调度). */
export type CollectionRoundStatus = 'OPEN' | 'FROZEN' | 'CANCELLED';
/** How one task of a round stands: reported by the due time, reported late, not yet (before the due time), or missing. */
export type CollectionEntryStatus = 'REPORTED' | 'LATE' | 'PENDING' | 'MISSING';
export type ChainProblem = 'HASH' | 'PREV_HASH' | 'GAP';
/** 来电 phone call, 来信 letter, 其他 other (e.g. a visit, an online message) */
export type ComplaintChannel = 'PHONE' | 'LETTER' | 'OTHER';
/** 污染类型: 大气, 水, 土壤, 噪声, 固废, 生态, 辐射, 其他 */
export type PollutionType =
  'AIR' | 'WATER' | 'SOIL' | 'NOISE' | 'SOLID_WASTE' | 'ECOLOGY' | 'RADIATION' | 'OTHER';
/** 是否属实: 属实, 基本属实, 部分属实, 不属实 */
export type VerificationResult =
  'SUBSTANTIATED' | 'MOSTLY_SUBSTANTIATED' | 'PARTLY_SUBSTANTIATED' | 'UNSUBSTANTIATED';
export type ComplaintStatus =
  'HANDED_OVER' | 'INVESTIGATING' | 'VERIFIED' | 'HANDLED' | 'CLOSED_IN_STAGES' | 'CLOSED';
/** What a disclosure publishes (信息公开). */
export type DisclosureKind =
  | 'LEDGER'
  | 'RECTIFICATION_STATUS'
  | 'ACCOUNTABILITY_SUMMARY'
  | 'ACCOUNTABILITY_ANNOUNCEMENT'
  | 'COLLECTION_REPORT'
  | 'COMPLAINT_BATCH_TABLE'
  | 'COMPLAINT_SUMMARY';
/** Where it was published (一台一报一网). */
export type DisclosureChannel = 'PROVINCIAL_TV' | 'PARTY_PAPER' | 'GOVERNMENT_WEBSITE' | 'OTHER';
/** LEDGER: XLSX, CSV, JSONL. COLLECTION_REPORT: XLSX, MARKDOWN, HTML. The other kinds: XLSX, CSV, MARKDOWN, HTML. */
export type DisclosureFormat = 'XLSX' | 'CSV' | 'JSONL' | 'MARKDOWN' | 'HTML';
export type TaskStatus =
  | 'LISTED'
  | 'ASSIGNED'
  | 'IN_PROGRESS'
  | 'ACCEPTANCE_REQUESTED'
  | 'VERIFYING'
  | 'ACCEPTED'
  | 'PUBLIC_NOTICE'
  | 'COUNTY_SIGNED_OFF'
  | 'CITY_SIGNED_OFF'
  | 'DEPARTMENT_SIGNED_OFF'
  | 'SIGNED_OFF'
  | 'LONG_TERM'
  | 'REOPENED';
/** 序时进度 */
export type ScheduleStatus = 'NOT_STARTED' | 'BEHIND' | 'ON_SCHEDULE' | 'AHEAD';
/** 督办 */
export type SupervisionKind = 'WARNING_LETTER' | 'CIRCULAR' | 'SUMMONS' | 'LISTED_SUPERVISION';
/** 分级销号: who signs a task off (tier) and which sign-off is given (level) */
export type SignOffLevel = 'COUNTY' | 'CITY' | 'DEPARTMENT' | 'PROVINCIAL';
/**
 * Who signs a task off before the office's final sign-off, by who leads it: CITY (the city), COUNTY
 * (the county, then its city), DEPARTMENT (the responsible provincial department; also every
 * province-wide task). Set at assignment from the unit registry.
 */
export type SignOffPath = 'CITY' | 'COUNTY' | 'DEPARTMENT';
export type AcceptanceDecision = 'ACCEPTED' | 'REJECTED';
export type SpotCheckResult = 'PASSED' | 'FAILED';
export type ReopenSource = 'SPOT_CHECK' | 'LOOK_BACK_REVIEW' | 'LATER_INSPECTION';
export type TaskOrder = 'NUMBER' | 'DEADLINE' | 'UPDATED_AT' | 'ID';
export type BoardGroupBy = 'REGION' | 'LEAD_UNIT' | 'CATEGORY' | 'STATUS' | 'PROVINCE';
/** What a task's record still lacks before the office may reconcile it */
export type ReconciliationGap =
  | 'SIGN_OFF_CHAIN'
  | 'ACCEPTANCE'
  | 'EVIDENCE'
  | 'PUBLIC_NOTICE'
  | 'OPEN_OBJECTION'
  | 'SPOT_CHECK'
  | 'OPEN_CHILD';
/** 整改时限调整: apply, approve or refuse, file with the central office */
export type DeadlineChangeStatus = 'APPLIED' | 'APPROVED' | 'REFUSED' | 'FILED';
/** What a reopening found */
export type ReopenFinding = 'FALSE_RECTIFICATION' | 'SUPERFICIAL' | 'PERFUNCTORY' | 'REBOUND';
/** What kind of organisation a unit is: it decides a task's sign-off path (分级销号). */
export type UnitKind =
  | 'CITY_GOVERNMENT'
  | 'COUNTY_GOVERNMENT'
  | 'PROVINCIAL_DEPARTMENT'
  | 'STATE_OWNED_ENTERPRISE'
  | 'OTHER'
  | 'PROVINCIAL_GOVERNMENT';

export interface AccountabilityCaseFilter {
  inspectionId?: Nullable<string>;
  status?: Nullable<AccountabilityCaseStatus>;
  investigatingBody?: Nullable<string>;
  /** Cases with at least one person of this rank. */
  rank?: Nullable<OfficialRank>;
  /** Cases with at least one sanction of this kind in force (withdrawn ones do not match). */
  sanctionKind?: Nullable<SanctionKind>;
}

export interface OpenAccountabilityCaseInput {
  /** Optional: derived from commandId when absent. */
  caseId?: Nullable<string>;
  inspectionId: string;
  referenceNumber?: Nullable<string>;
  referredProblem: string;
  linkedTaskIds?: Nullable<string[]>;
  /** A reopened rectification task this case follows from; it is linked too. */
  sourceTaskId?: Nullable<string>;
  investigatingBody: string;
  /** YYYY-MM-DD */
  referredOn: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface RecordInvestigationInput {
  caseId: string;
  teams: number;
  interviews: number;
  findings: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface AddAccountablePersonInput {
  caseId: string;
  /** Optional: derived from commandId when absent. */
  personId?: Nullable<string>;
  name: string;
  positionAtTheTime: string;
  currentPosition?: Nullable<string>;
  rank: OfficialRank;
  organisationType: OrganisationType;
  responsibilityType: ResponsibilityType;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface RecordSanctionInput {
  caseId: string;
  personId: string;
  /** Optional: derived from commandId when absent. */
  sanctionId?: Nullable<string>;
  kind: SanctionKind;
  decidingBody: string;
  decidedOn: string;
  publishedOn?: Nullable<string>;
  publishedIn?: Nullable<string>;
  note?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** The corrected terms in full; `reason` is required. */
export interface CorrectSanctionInput {
  caseId: string;
  personId: string;
  sanctionId: string;
  kind: SanctionKind;
  decidingBody: string;
  decidedOn: string;
  publishedOn?: Nullable<string>;
  publishedIn?: Nullable<string>;
  note?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** `reason` is required. */
export interface WithdrawSanctionInput {
  caseId: string;
  personId: string;
  sanctionId: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** 免予问责; `reason` is required. */
export interface ExemptAccountablePersonInput {
  caseId: string;
  personId: string;
  decidingBody: string;
  decidedOn: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface RecordDamageCompensationInput {
  caseId: string;
  claimId?: Nullable<string>;
  claimant: string;
  respondent: string;
  description: string;
  amountClaimed?: Nullable<number>;
  filedOn: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface RecordDamageCompensationOutcomeInput {
  caseId: string;
  claimId: string;
  result: CompensationResult;
  amountAgreed?: Nullable<number>;
  decidedOn: string;
  note?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface RecordPublicInterestLitigationInput {
  caseId: string;
  litigationId?: Nullable<string>;
  referredTo: string;
  description: string;
  referredOn: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface RecordPublicInterestLitigationOutcomeInput {
  caseId: string;
  litigationId: string;
  result: LitigationResult;
  decidedOn: string;
  note?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface CloseAccountabilityCaseInput {
  caseId: string;
  summary?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** `reason` is required. */
export interface ReopenAccountabilityCaseInput {
  caseId: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** The unit's decision; `unitId` is derived from commandId when absent. */
export interface HoldUnitAccountableInput {
  caseId: string;
  unitId?: Nullable<string>;
  name: string;
  organisationType: OrganisationType;
  methods: UnitAccountabilityMethod[];
  decidingBody: string;
  decidedOn: string;
  publishedOn?: Nullable<string>;
  publishedIn?: Nullable<string>;
  note?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** `reason` is required. */
export interface WithdrawUnitAccountabilityInput {
  caseId: string;
  unitId: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface AnnouncementGroupInput {
  /** Upper-case key, e.g. SANCTION. */
  key: string;
  label: string;
  kinds: SanctionKind[];
  includes?: Nullable<string[]>;
}

export interface AnnouncementRankLineInput {
  label: string;
  ranks: OfficialRank[];
}

export interface AnnouncementWordingInput {
  paragraph: string;
  units: string;
  rank: string;
  rankSeparator: string;
  group: string;
  groupSeparator: string;
  within: string;
  none: string;
}

/**
 * The whole table. Every rank in exactly one line; a kind in at most one group; `includes` names
 * groups counted inside this one. Without `wording` the default wording applies.
 */
export interface SetAnnouncementTableInput {
  inspectionId: string;
  name: string;
  groups: AnnouncementGroupInput[];
  ranks: AnnouncementRankLineInput[];
  wording?: Nullable<AnnouncementWordingInput>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  /** Required when it replaces a table already set. */
  reason?: Nullable<string>;
}

export interface CollectionRoundFilter {
  inspectionId?: Nullable<string>;
  status?: Nullable<CollectionRoundStatus>;
}

export interface OpenCollectionRoundInput {
  /** Optional: derived from commandId when given (a retry is the same round), else generated. */
  roundId?: Nullable<string>;
  inspectionId: string;
  name: string;
  /** Reports recorded after this are late. */
  dueAt: DateTime;
  /** A chosen set of the inspection's tasks; omitted: every open task (assigned, not signed off). */
  taskIds?: Nullable<string[]>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface ReportCollectionProgressInput {
  roundId: string;
  taskId: string;
  progressPercent: number;
  summary: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** A second report by the same unit on the same task in the same round is a correction: reason required. */
export interface CorrectCollectionReportInput {
  roundId: string;
  taskId: string;
  progressPercent: number;
  summary: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface FreezeCollectionRoundInput {
  roundId: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface CancelCollectionRoundInput {
  roundId: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  /** Required. */
  reason?: Nullable<string>;
}

export interface LedgerFilter {
  /** Streams whose name starts with this, e.g. "task-" or "case-". */
  streamPrefix?: Nullable<string>;
  types?: Nullable<string[]>;
  actorId?: Nullable<string>;
  organisation?: Nullable<string>;
  from?: Nullable<DateTime>;
  to?: Nullable<DateTime>;
}

export interface ComplaintCaseFilter {
  inspectionId?: Nullable<string>;
  batch?: Nullable<number>;
  /** 6- or 9-digit code; a 6-digit city or county code also matches the places under it. */
  regionCode?: Nullable<string>;
  pollutionType?: Nullable<PollutionType>;
  verificationResult?: Nullable<VerificationResult>;
  status?: Nullable<ComplaintStatus>;
  /** true: no verification result yet and the reply is past due (China date today); false: the others. */
  overdueReply?: Nullable<boolean>;
  keyAttention?: Nullable<boolean>;
  /** Matched in the tracking number, description, region, unit, findings and handling. */
  text?: Nullable<string>;
}

export interface HandOverComplaintInput {
  inspectionId: string;
  batch: number;
  /** YYYY-MM-DD */
  handedOverOn: string;
  trackingNumber: string;
  channel: ComplaintChannel;
  keyAttention?: Nullable<boolean>;
  /** Tracking number of an earlier case in the same inspection that this one repeats. */
  duplicateOf?: Nullable<string>;
  regionCode: string;
  regionName: string;
  pollutionTypes: PollutionType[];
  description: string;
  handedTo: string;
  /** YYYY-MM-DD */
  replyDueOn: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface StartComplaintInvestigationInput {
  complaintId: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** Recording a result again (a correction) needs `reason`. */
export interface RecordComplaintVerificationInput {
  complaintId: string;
  result: VerificationResult;
  findings: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface RecordComplaintHandlingInput {
  complaintId: string;
  handling: string;
  accountability?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** The case's enforcement figures in full (they replace the ones on record). */
export interface RecordComplaintEnforcementInput {
  complaintId: string;
  orderedToRectify: number;
  penaltyCases: number;
  fineYuan: number;
  criminalCases: number;
  administrativeDetentions: number;
  criminalDetentions: number;
  summonedTalks: number;
  peopleHeldAccountable: number;
  accountabilityCaseIds?: Nullable<string[]>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface LinkComplaintTasksInput {
  complaintId: string;
  taskIds: string[];
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface CloseComplaintInStagesInput {
  complaintId: string;
  remaining: string;
  /** YYYY-MM-DD */
  remainingDueOn: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface CloseComplaintInput {
  complaintId: string;
  summary?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** `reason` is required (e.g. a repeat complaint, a failed check). */
export interface ReopenComplaintInput {
  complaintId: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface DisclosureFilter {
  kind?: Nullable<DisclosureKind>;
  channel?: Nullable<DisclosureChannel>;
  inspectionId?: Nullable<string>;
}

export interface PublishDisclosureInput {
  /** Optional: derived from commandId when given (so a retry is the same record), else generated. */
  disclosureId?: Nullable<string>;
  kind: DisclosureKind;
  channel: DisclosureChannel;
  title: string;
  format: DisclosureFormat;
  /** Limit the document to one inspection round. */
  inspectionId?: Nullable<string>;
  /** COLLECTION_REPORT: the frozen collection round to publish. */
  collectionRoundId?: Nullable<string>;
  /** The handover batch (第 N 批): COMPLAINT_BATCH_TABLE only, where it is required. */
  batch?: Nullable<number>;
  /** Ledger position to take the content at; the latest when omitted. */
  asOfPosition?: Nullable<Position>;
  reference?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface RegisterInspectionInput {
  inspectionId: string;
  title: string;
  round: number;
  regionCode: string;
  regionName: string;
  team: string;
  onSiteStart: DateTime;
  onSiteEnd: DateTime;
  feedbackDate: DateTime;
  planPublishedDate?: Nullable<DateTime>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface DrawSpotChecksInput {
  inspectionId: string;
  sampleSize: number;
  /** 0 to 4294967295; drawn at random and recorded when omitted. */
  seed?: Nullable<number>;
  /** Defaults to the commandId. */
  drawId?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface AccessLogFilter {
  actorId?: Nullable<string>;
  organisation?: Nullable<string>;
  code?: Nullable<string>;
  operation?: Nullable<string>;
  address?: Nullable<string>;
  from?: Nullable<DateTime>;
  to?: Nullable<DateTime>;
}

export interface TaskFilter {
  inspectionId?: Nullable<string>;
  status?: Nullable<TaskStatus[]>;
  /** A division code; a city's or the province's code also matches the counties under it. */
  regionCode?: Nullable<string>;
  leadUnit?: Nullable<string>;
  acceptanceUnit?: Nullable<string>;
  category?: Nullable<string>;
  /** Past the deadline and not done, by the server's clock. */
  overdue?: Nullable<boolean>;
  deadlineFrom?: Nullable<DateTime>;
  deadlineTo?: Nullable<DateTime>;
  /** Text in the title or the problem. */
  text?: Nullable<string>;
}

export interface EvidenceInput {
  fileName: string;
  mediaType: string;
  size: number;
  /** SHA-256 of the file, 64 hex digits */
  sha256: string;
}

export interface ResponsibleLeaderInput {
  name: string;
  position: string;
  /** Internal only: kept in the record, never served. */
  phone?: Nullable<string>;
}

export interface ListTaskInput {
  taskId: string;
  inspectionId: string;
  number?: Nullable<number>;
  title: string;
  problem: string;
  /** Lists a sub-item (per city, county, site or measure) of this task */
  parentId?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface AssignTaskInput {
  taskId: string;
  leadUnit: string;
  supportingUnits?: Nullable<string[]>;
  /** Optional: a published list often names none */
  responsibleLeader?: Nullable<ResponsibleLeaderInput>;
  acceptanceUnit: string;
  target: string;
  measures: string;
  /** Required unless longTerm */
  deadline?: Nullable<DateTime>;
  longTerm?: Nullable<boolean>;
  category?: Nullable<string>;
  /** Default: the lead unit's region in the unit registry */
  regionCode?: Nullable<string>;
  /** Default: the region code's name */
  regionName?: Nullable<string>;
  /** Default: CITY for a city or county government as lead unit, else PROVINCIAL */
  signOffTier?: Nullable<SignOffLevel>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** Amends list fields; reason is required. The deadline changes through adjustDeadline. */
export interface AmendTaskInput {
  taskId: string;
  number?: Nullable<number>;
  title?: Nullable<string>;
  problem?: Nullable<string>;
  category?: Nullable<string>;
  regionCode?: Nullable<string>;
  regionName?: Nullable<string>;
  leadUnit?: Nullable<string>;
  supportingUnits?: Nullable<string[]>;
  responsibleLeader?: Nullable<ResponsibleLeaderInput>;
  acceptanceUnit?: Nullable<string>;
  target?: Nullable<string>;
  measures?: Nullable<string>;
  longTerm?: Nullable<boolean>;
  signOffTier?: Nullable<SignOffLevel>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface ReportProgressInput {
  taskId: string;
  scheduleStatus: ScheduleStatus;
  summary: string;
  evidence?: Nullable<EvidenceInput[]>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface AttachEvidenceInput {
  taskId: string;
  evidence: EvidenceInput[];
  note?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface SuperviseTaskInput {
  taskId: string;
  kind: SupervisionKind;
  note: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** reason (why) and approver are required. */
export interface AdjustDeadlineInput {
  taskId: string;
  newDeadline: DateTime;
  approver: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface RequestAcceptanceInput {
  taskId: string;
  /** 自查情况 */
  selfCheck: string;
  evidence?: Nullable<EvidenceInput[]>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** ACCEPTED needs the signed acceptance opinion; REJECTED needs findings and sends the task back. */
export interface RecordAcceptanceInput {
  taskId: string;
  decision: AcceptanceDecision;
  opinion?: Nullable<string>;
  findings?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface StartPublicNoticeInput {
  taskId: string;
  start: DateTime;
  end: DateTime;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** An objection during public notice sends the task back to verifying. */
export interface RecordObjectionInput {
  taskId: string;
  summary: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** CITY after the notice period (closes CITY-tier tasks); PROVINCIAL after CITY for PROVINCIAL-tier ones. */
export interface SignOffInput {
  taskId: string;
  level: SignOffLevel;
  /** The signing leader or body */
  signer: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** FAILED needs findings and reopens the task. */
export interface WaiveSpotCheckInput {
  taskId: string;
  /** Required: why the drawn check is not carried out */
  reason: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
}

export interface RecordSpotCheckInput {
  taskId: string;
  result: SpotCheckResult;
  findings?: Nullable<string>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

/** reason is required. */
export interface ReopenTaskInput {
  taskId: string;
  source: ReopenSource;
  /** What was found (虚假整改, 表面整改, 敷衍整改, 整改后反弹) */
  finding?: Nullable<ReopenFinding>;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface ReconcileTaskInput {
  taskId: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface ApplyDeadlineChangeInput {
  taskId: string;
  newDeadline: DateTime;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  /** Why the deadline cannot be met: required */
  reason?: Nullable<string>;
}

export interface DecideDeadlineChangeInput {
  taskId: string;
  approved: boolean;
  /** Who decided, e.g. 省督察整改工作领导小组 */
  approver: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface FileDeadlineChangeInput {
  taskId: string;
  /** The filing's reference (报备文号) */
  reference: string;
  commandId?: Nullable<string>;
  expectedVersion?: Nullable<number>;
  reason?: Nullable<string>;
}

export interface Node {
  id: string;
}

export interface SanctionKindInfo {
  kind: SanctionKind;
  category: SanctionCategory;
  /** Rank within the category, 1 = lightest. */
  severity: number;
  nameZh: string;
  nameEn: string;
  /** A decision made before the 2020 law (行政处分): the government sanction it is counted with. */
  countsAs?: Nullable<SanctionKind>;
  /** The organisation department (组织部) may record it too: 诫勉 and organisational handling. */
  organisational: boolean;
}

export interface UnitMethodInfo {
  method: UnitAccountabilityMethod;
  nameZh: string;
  nameEn: string;
}

/** A unit held accountable (单位问责): the unit, its type and the methods decided. */
export interface AccountableUnit {
  unitId: string;
  name: string;
  organisationType: OrganisationType;
  methods: UnitAccountabilityMethod[];
  decidingBody: string;
  decidedOn: string;
  publishedOn?: Nullable<string>;
  publishedIn?: Nullable<string>;
  note?: Nullable<string>;
  status: UnitAccountabilityStatus;
  recordedAt: DateTime;
  withdrawal?: Nullable<Withdrawal>;
}

/** The terms of a sanction as they stood before a correction. */
export interface SanctionTerms {
  kind: SanctionKind;
  category: SanctionCategory;
  severity: number;
  decidingBody: string;
  decidedOn: string;
  publishedOn?: Nullable<string>;
  publishedIn?: Nullable<string>;
  note?: Nullable<string>;
}

export interface SanctionCorrection {
  at: DateTime;
  reason: string;
  before: SanctionTerms;
}

export interface Withdrawal {
  at: DateTime;
  reason: string;
}

export interface Sanction {
  sanctionId: string;
  kind: SanctionKind;
  category: SanctionCategory;
  severity: number;
  /** 作出决定的机关 deciding body */
  decidingBody: string;
  /** Decision date, YYYY-MM-DD. */
  decidedOn: string;
  publishedOn?: Nullable<string>;
  /** Where it was published, e.g. 江西日报 / provincial government website. */
  publishedIn?: Nullable<string>;
  note?: Nullable<string>;
  status: SanctionStatus;
  recordedAt: DateTime;
  corrections: SanctionCorrection[];
  withdrawal?: Nullable<Withdrawal>;
}

export interface Exemption {
  at: DateTime;
  reason: string;
  decidingBody: string;
  decidedOn: string;
}

export interface AccountablePerson {
  personId: string;
  name: string;
  /** 时任职务 position at the time */
  positionAtTheTime: string;
  currentPosition?: Nullable<string>;
  rank: OfficialRank;
  organisationType: OrganisationType;
  responsibilityType: ResponsibilityType;
  addedAt: DateTime;
  sanctions: Sanction[];
  /** 免予问责: a decision that this person is not held accountable, with reasons. */
  exemption?: Nullable<Exemption>;
}

export interface Investigation {
  teams: number;
  interviews: number;
  findings: string;
  recordedAt: DateTime;
}

export interface CompensationOutcome {
  result: CompensationResult;
  amountAgreed?: Nullable<number>;
  decidedOn: string;
  note?: Nullable<string>;
}

/** 生态环境损害赔偿 */
export interface DamageCompensationClaim {
  claimId: string;
  claimant: string;
  respondent: string;
  description: string;
  /** Yuan. */
  amountClaimed?: Nullable<number>;
  filedOn: string;
  outcome?: Nullable<CompensationOutcome>;
}

export interface LitigationOutcome {
  result: LitigationResult;
  decidedOn: string;
  note?: Nullable<string>;
}

/** 公益诉讼 */
export interface PublicInterestLitigation {
  litigationId: string;
  /** e.g. the procuratorate the matter was referred to */
  referredTo: string;
  description: string;
  referredOn: string;
  outcome?: Nullable<LitigationOutcome>;
}

export interface Reopening {
  at: DateTime;
  reason: string;
}

/**
 * One referred accountability matter (stream case-<caseId>). Every past state is kept by the ledger:
 * `history` lists its events with field-level changes and hashes; `accountabilityCase(id, asOf)` shows
 * it as of any moment.
 */
export interface AccountabilityCase extends Node {
  /** Global id: the stream name, case-<caseId> (pass it to history(streamId:)). */
  id: string;
  caseId: string;
  /** The stream name, the same as `id`. */
  streamId: string;
  /** Number of events in the case's stream at this state. */
  version: number;
  updatedAt: DateTime;
  /** The moment this state was asked for, when asOf was given. */
  asOf?: Nullable<DateTime>;
  status: AccountabilityCaseStatus;
  inspectionId: string;
  referenceNumber?: Nullable<string>;
  referredProblem: string;
  linkedTaskIds: string[];
  /** The reopened rectification task this case came from, if any. */
  sourceTaskId?: Nullable<string>;
  /** 调查机关, e.g. 省纪委监委 */
  investigatingBody: string;
  referredOn: string;
  openedAt: DateTime;
  investigation?: Nullable<Investigation>;
  persons: AccountablePerson[];
  /** Units held accountable (单位问责), in the order recorded. */
  units: AccountableUnit[];
  compensationClaims: DamageCompensationClaim[];
  litigations: PublicInterestLitigation[];
  closedAt?: Nullable<DateTime>;
  closingSummary?: Nullable<string>;
  reopenings: Reopening[];
  history: LedgerEntryConnection;
}

export interface AccountabilityCaseEdge {
  cursor: string;
  node: AccountabilityCase;
}

export interface AccountabilityCaseConnection {
  edges: AccountabilityCaseEdge[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface RankTally {
  rank: OfficialRank;
  people: number;
  personTimes: number;
}

export interface OrganisationTypeTally {
  organisationType: OrganisationType;
  people: number;
  personTimes: number;
}

export interface ResponsibilityTypeTally {
  responsibilityType: ResponsibilityType;
  people: number;
  personTimes: number;
}

export interface SanctionKindTally {
  kind: SanctionKind;
  category: SanctionCategory;
  severity: number;
  people: number;
  personTimes: number;
}

export interface SanctionCategoryTally {
  category: SanctionCategory;
  people: number;
  personTimes: number;
}

export interface CompensationTally {
  claims: number;
  concluded: number;
  pending: number;
  /** Sum of agreed or awarded amounts, yuan. */
  amountAgreed: number;
}

export interface LitigationTally {
  referred: number;
  concluded: number;
  pending: number;
}

/** People in one announcement group: each person once, however many of its sanctions they have. */
export interface AnnouncementGroupTally {
  key: string;
  label: string;
  people: number;
  personTimes: number;
  /** Groups whose people are counted inside this one too (e.g. 移送司法机关 inside 党纪政务处分). */
  includes: string[];
}

export interface AnnouncementRankTally {
  label: string;
  ranks: OfficialRank[];
  people: number;
}

export interface UnitMethodTally {
  method: UnitAccountabilityMethod;
  units: number;
}

export interface PeopleTally {
  people: number;
  personTimes: number;
}

/** One announcement group of the table: which sanction kinds count in it. */
export interface AnnouncementGroup {
  key: string;
  label: string;
  /** Kinds counted here; a pre-2020 kind counts where its `countsAs` kind does. */
  kinds: SanctionKind[];
  includes: string[];
}

export interface AnnouncementRankLine {
  label: string;
  ranks: OfficialRank[];
}

/**
 * How the paragraph is worded. Placeholders: paragraph {units} {people} {ranks} {groups}; units {n};
 * rank and group {label} {n}; within {label} {n}. `none` is the whole paragraph when nobody is counted.
 */
export interface AnnouncementWording {
  paragraph: string;
  units: string;
  rank: string;
  rankSeparator: string;
  group: string;
  groupSeparator: string;
  within: string;
  none: string;
}

/**
 * 公告口径: how a province counts people into the groups its announcements publish. One per inspection,
 * recorded as an event (stream announcement-<inspectionId>); without one the default table applies.
 */
export interface AnnouncementTable {
  /** null for the default table. */
  inspectionId?: Nullable<string>;
  name: string;
  groups: AnnouncementGroup[];
  ranks: AnnouncementRankLine[];
  wording: AnnouncementWording;
  /** True when no table was set for the inspection (at asOf): the default applies. */
  isDefault: boolean;
  /** Events in the table's stream at this state (0 for the default). */
  version: number;
  setAt?: Nullable<DateTime>;
}

/**
 * The figures an accountability announcement publishes, summed from the cases' states as of `asOf`
 * (or now). People are counted once (with at least one sanction in force); person-times (人次) once per
 * sanction in force. Withdrawn sanctions do not count; corrected ones count under their corrected kind.
 * Over several inspections every figure is the sum of the inspections' own, each counted under its
 * own announcement table (a group or rank line holds the sum over the inspections whose table has it).
 */
export interface AccountabilitySummary {
  /** The inspection asked for, when the summary is of one (inspectionId) */
  inspectionId?: Nullable<string>;
  /** Every inspection the summary adds up */
  inspectionIds: string[];
  asOf?: Nullable<DateTime>;
  casesReferred: number;
  casesClosed: number;
  people: number;
  personTimes: number;
  peopleExempted: number;
  sanctionsCorrected: number;
  sanctionsWithdrawn: number;
  investigationTeams: number;
  interviews: number;
  byRank: RankTally[];
  byOrganisationType: OrganisationTypeTally[];
  byResponsibilityType: ResponsibilityTypeTally[];
  bySanctionKind: SanctionKindTally[];
  byCategory: SanctionCategoryTally[];
  compensation: CompensationTally;
  litigation: LitigationTally;
  /** Units held accountable (a decision in force). */
  units: number;
  unitsWithdrawn: number;
  byUnitMethod: UnitMethodTally[];
  /** People per announcement group, by the table in force at asOf (or now). */
  byGroup: AnnouncementGroupTally[];
  /** People per rank line of the table; the lines add up to `people`. */
  byAnnouncementRank: AnnouncementRankTally[];
  /** Sanctions of kinds the table puts in no group (counted in the total only). */
  ungrouped: PeopleTally;
  /**
   * The paragraph the disclosure team publishes, generated from these figures with the table. An
   * inspection's own text under its own table: null when the summary adds up several inspections.
   */
  announcement?: Nullable<string>;
  /** The inspection's table in force; null when the summary adds up several inspections. */
  announcementTable?: Nullable<AnnouncementTable>;
}

export interface IQuery {
  /** A case now, or as it stood at asOf. id is the caseId or the global id case-<caseId>. */
  accountabilityCase(
    id: string,
    asOf?: Nullable<DateTime>,
  ): Nullable<AccountabilityCase> | Promise<Nullable<AccountabilityCase>>;
  accountabilityCases(
    filter?: Nullable<AccountabilityCaseFilter>,
    first?: Nullable<number>,
    after?: Nullable<string>,
  ): AccountabilityCaseConnection | Promise<AccountabilityCaseConnection>;
  /**
   * The figures of one inspection (inspectionId), of several (inspectionIds), or of a region's province
   * and a round (region, round), added up; within the token's province when it has a region claim.
   */
  accountabilitySummary(
    inspectionId?: Nullable<string>,
    inspectionIds?: Nullable<string[]>,
    region?: Nullable<string>,
    round?: Nullable<number>,
    asOf?: Nullable<DateTime>,
  ): AccountabilitySummary | Promise<AccountabilitySummary>;
  sanctionCatalogue(): SanctionKindInfo[] | Promise<SanctionKindInfo[]>;
  unitMethodCatalogue(): UnitMethodInfo[] | Promise<UnitMethodInfo[]>;
  /** The table in force for the inspection now, or at asOf (the default when none was set). */
  announcementTable(
    inspectionId: string,
    asOf?: Nullable<DateTime>,
  ): AnnouncementTable | Promise<AnnouncementTable>;
  defaultAnnouncementTable(): AnnouncementTable | Promise<AnnouncementTable>;
  /** A round now, or as of a moment: who has reported, who was late, who is missing, and its report. */
  collectionRound(
    id: string,
    asOf?: Nullable<DateTime>,
  ): Nullable<CollectionRound> | Promise<Nullable<CollectionRound>>;
  collectionRounds(
    filter?: Nullable<CollectionRoundFilter>,
    first?: Nullable<number>,
    after?: Nullable<string>,
  ): CollectionRoundConnection | Promise<CollectionRoundConnection>;
  health(): Health | Promise<Health>;
  me(): Nullable<Me> | Promise<Nullable<Me>>;
  /** Every event of one record, oldest first, with field-level changes. */
  history(
    streamId: string,
    first?: Nullable<number>,
    after?: Nullable<string>,
  ): LedgerEntryConnection | Promise<LedgerEntryConnection>;
  /** The global audit log across all records. */
  ledger(
    filter?: Nullable<LedgerFilter>,
    first?: Nullable<number>,
    after?: Nullable<string>,
  ): LedgerEntryConnection | Promise<LedgerEntryConnection>;
  /** Recomputes a stream's hash chain from the event store and names the first bad event. */
  verifyStream(streamId: string): StreamVerification | Promise<StreamVerification>;
  /** A complaint case now, or as it stood at asOf. id is the complaintId or complaint-<complaintId>. */
  complaintCase(
    id: string,
    asOf?: Nullable<DateTime>,
  ): Nullable<ComplaintCase> | Promise<Nullable<ComplaintCase>>;
  complaintCases(
    filter?: Nullable<ComplaintCaseFilter>,
    first?: Nullable<number>,
    after?: Nullable<string>,
  ): ComplaintCaseConnection | Promise<ComplaintCaseConnection>;
  /**
   * The figures of one inspection (inspectionId), of several (inspectionIds), or of a region's province
   * and a round (region, round), added up; within the token's province when it has a region claim.
   */
  complaintSummary(
    inspectionId?: Nullable<string>,
    inspectionIds?: Nullable<string[]>,
    region?: Nullable<string>,
    round?: Nullable<number>,
    asOf?: Nullable<DateTime>,
  ): ComplaintSummary | Promise<ComplaintSummary>;
  /** Published disclosures, in the order they were published. */
  disclosures(
    filter?: Nullable<DisclosureFilter>,
    first?: Nullable<number>,
    after?: Nullable<string>,
  ): DisclosureConnection | Promise<DisclosureConnection>;
  disclosure(id: string): Nullable<Disclosure> | Promise<Nullable<Disclosure>>;
  /** Regenerates a disclosure from its recorded position and compares the SHA-256. */
  verifyDisclosure(id: string): DisclosureVerification | Promise<DisclosureVerification>;
  inspection(id: string): Nullable<Inspection> | Promise<Nullable<Inspection>>;
  inspections(
    first?: Nullable<number>,
    after?: Nullable<string>,
  ): InspectionConnection | Promise<InspectionConnection>;
  /**
   * The national roll-up of one inspection round: per province and in total. Now it reads counters the
   * read side keeps per inspection; as of a moment it adds up each inspection's own history.
   */
  nationalSummary(
    round: number,
    asOf?: Nullable<DateTime>,
  ): NationalSummary | Promise<NationalSummary>;
  /**
   * Any record by its global id (Relay): task-<taskId>, inspection-<inspectionId>, case-<caseId> or
   * disclosure-<disclosureId>, as `task`, `inspection`, `accountabilityCase` and `disclosure` give it.
   * Null for an unknown kind or a missing record; an id without a `<kind>-` prefix is BAD_USER_INPUT.
   */
  node(id: string): Nullable<Node> | Promise<Nullable<Node>>;
  /** Refused attempts, newest first. Auditors and admins only. */
  accessLog(
    filter?: Nullable<AccessLogFilter>,
    first?: Nullable<number>,
    after?: Nullable<string>,
  ): AccessLogEntryConnection | Promise<AccessLogEntryConnection>;
  /** 对账销号: every task of an inspection with what its record still lacks (missing: [] when complete) */
  reconciliation(
    inspectionId: string,
    onlyIncomplete?: Nullable<boolean>,
  ): ReconciliationRow[] | Promise<ReconciliationRow[]>;
  /** A task now, or as it stood at asOf. id is the taskId or the global id task-<taskId>. */
  task(id: string, asOf?: Nullable<DateTime>): Nullable<Task> | Promise<Nullable<Task>>;
  tasks(
    filter?: Nullable<TaskFilter>,
    first?: Nullable<number>,
    after?: Nullable<string>,
    orderBy?: Nullable<TaskOrder>,
  ): TaskConnection | Promise<TaskConnection>;
  /**
   * The progress board of one inspection (inspectionId), of several (inspectionIds), or of a region's
   * province and a round (region, round; round alone: every province's inspections of that round).
   * A token with a region claim counts only its own province's inspections.
   */
  board(
    groupBy: BoardGroupBy,
    inspectionId?: Nullable<string>,
    inspectionIds?: Nullable<string[]>,
    region?: Nullable<string>,
    round?: Nullable<number>,
    asOf?: Nullable<DateTime>,
  ): Board | Promise<Board>;
  /**
   * The unit registry (every province's), optionally of one kind, of one province (any region code of
   * it) or matching a text (name or alias, partial)
   */
  units(
    kind?: Nullable<UnitKind>,
    search?: Nullable<string>,
    province?: Nullable<string>,
  ): Unit[] | Promise<Unit[]>;
  /**
   * Resolves a cell such as “九江市、上饶市人民政府，省水利厅” into lead and supporting units. Abbreviations
   * are read in `province` (any region code of it; Jiangxi, 360000, when not given).
   */
  resolveUnits(text: string, province?: Nullable<string>): UnitResolution | Promise<UnitResolution>;
  /** A signed checkpoint of the first treeSize entries (default: the whole ledger now). */
  checkpoint(treeSize?: Nullable<number>): Checkpoint | Promise<Checkpoint>;
  /** The inclusion proof of the entry at position, against the tree of treeSize (default: now). */
  inclusionProof(
    position: Position,
    treeSize?: Nullable<number>,
  ): InclusionProof | Promise<InclusionProof>;
  /** The consistency proof from a tree of fromSize entries to one of toSize (default: now). */
  consistencyProof(
    fromSize: number,
    toSize?: Nullable<number>,
  ): ConsistencyProof | Promise<ConsistencyProof>;
  /** The note verifier key that checks every checkpoint of this ledger. */
  verifierKey(): string | Promise<string>;
}

export interface AnnouncementTablePayload {
  table: AnnouncementTable;
  entry: LedgerEntry;
  readSideBehind: boolean;
}

export interface AccountabilityCasePayload {
  case: AccountabilityCase;
  entry: LedgerEntry;
  /**
   * True when the write is committed but the read side had not caught up within
   * READ_YOUR_WRITES_TIMEOUT_MS: the record and entry shown come from the store, and queries may not
   * show the write yet. Never retry a write because of it: it landed.
   */
  readSideBehind: boolean;
}

export interface IMutation {
  openAccountabilityCase(
    input: OpenAccountabilityCaseInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  recordInvestigation(
    input: RecordInvestigationInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  addAccountablePerson(
    input: AddAccountablePersonInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  recordSanction(
    input: RecordSanctionInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  correctSanction(
    input: CorrectSanctionInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  withdrawSanction(
    input: WithdrawSanctionInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  exemptAccountablePerson(
    input: ExemptAccountablePersonInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  recordDamageCompensation(
    input: RecordDamageCompensationInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  recordDamageCompensationOutcome(
    input: RecordDamageCompensationOutcomeInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  recordPublicInterestLitigation(
    input: RecordPublicInterestLitigationInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  recordPublicInterestLitigationOutcome(
    input: RecordPublicInterestLitigationOutcomeInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  closeAccountabilityCase(
    input: CloseAccountabilityCaseInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  reopenAccountabilityCase(
    input: ReopenAccountabilityCaseInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  holdUnitAccountable(
    input: HoldUnitAccountableInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  withdrawUnitAccountability(
    input: WithdrawUnitAccountabilityInput,
  ): AccountabilityCasePayload | Promise<AccountabilityCasePayload>;
  setAnnouncementTable(
    input: SetAnnouncementTableInput,
  ): AnnouncementTablePayload | Promise<AnnouncementTablePayload>;
  /** Opens a round over an inspection's open tasks or a chosen set. INSPECTION_OFFICE or ADMIN. */
  openCollectionRound(
    input: OpenCollectionRoundInput,
  ): CollectionRoundPayload | Promise<CollectionRoundPayload>;
  /** The task's lead unit reports once per round (IMPLEMENTING_ENTITY or CITY_GOVERNMENT of that unit). */
  reportCollectionProgress(
    input: ReportCollectionProgressInput,
  ): CollectionRoundPayload | Promise<CollectionRoundPayload>;
  /** Corrects the unit's report in a round still open; the first report stays in corrections. */
  correctCollectionReport(
    input: CorrectCollectionReportInput,
  ): CollectionRoundPayload | Promise<CollectionRoundPayload>;
  /** Counts the figures from the task records at the ledger head and freezes the round. INSPECTION_OFFICE or ADMIN. */
  freezeCollectionRound(
    input: FreezeCollectionRoundInput,
  ): CollectionRoundPayload | Promise<CollectionRoundPayload>;
  /** Cancels an open round, with a reason. INSPECTION_OFFICE or ADMIN. */
  cancelCollectionRound(
    input: CancelCollectionRoundInput,
  ): CollectionRoundPayload | Promise<CollectionRoundPayload>;
  handOverComplaint(
    input: HandOverComplaintInput,
  ): ComplaintCasePayload | Promise<ComplaintCasePayload>;
  startComplaintInvestigation(
    input: StartComplaintInvestigationInput,
  ): ComplaintCasePayload | Promise<ComplaintCasePayload>;
  recordComplaintVerification(
    input: RecordComplaintVerificationInput,
  ): ComplaintCasePayload | Promise<ComplaintCasePayload>;
  recordComplaintHandling(
    input: RecordComplaintHandlingInput,
  ): ComplaintCasePayload | Promise<ComplaintCasePayload>;
  recordComplaintEnforcement(
    input: RecordComplaintEnforcementInput,
  ): ComplaintCasePayload | Promise<ComplaintCasePayload>;
  linkComplaintTasks(
    input: LinkComplaintTasksInput,
  ): ComplaintCasePayload | Promise<ComplaintCasePayload>;
  closeComplaintInStages(
    input: CloseComplaintInStagesInput,
  ): ComplaintCasePayload | Promise<ComplaintCasePayload>;
  closeComplaint(input: CloseComplaintInput): ComplaintCasePayload | Promise<ComplaintCasePayload>;
  reopenComplaint(
    input: ReopenComplaintInput,
  ): ComplaintCasePayload | Promise<ComplaintCasePayload>;
  /** Records a publication: generates the document at the position and keeps its hash and size. DISCLOSURE_OFFICER or ADMIN. */
  publishDisclosure(
    input: PublishDisclosureInput,
  ): PublishDisclosurePayload | Promise<PublishDisclosurePayload>;
  registerInspection(
    input: RegisterInspectionInput,
  ): InspectionPayload | Promise<InspectionPayload>;
  /**
   * Draws a seeded sample of the inspection's signed-off tasks with no spot check pending, records the
   * draw on the inspection, and records SpotCheckDrawn on each drawn task.
   */
  drawSpotChecks(
    input: DrawSpotChecksInput,
  ): DrawSpotChecksPayload | Promise<DrawSpotChecksPayload>;
  listTask(input: ListTaskInput): TaskPayload | Promise<TaskPayload>;
  assignTask(input: AssignTaskInput): TaskPayload | Promise<TaskPayload>;
  amendTask(input: AmendTaskInput): TaskPayload | Promise<TaskPayload>;
  reportProgress(input: ReportProgressInput): TaskPayload | Promise<TaskPayload>;
  attachEvidence(input: AttachEvidenceInput): TaskPayload | Promise<TaskPayload>;
  superviseTask(input: SuperviseTaskInput): TaskPayload | Promise<TaskPayload>;
  adjustDeadline(input: AdjustDeadlineInput): TaskPayload | Promise<TaskPayload>;
  requestAcceptance(input: RequestAcceptanceInput): TaskPayload | Promise<TaskPayload>;
  recordAcceptance(input: RecordAcceptanceInput): TaskPayload | Promise<TaskPayload>;
  startPublicNotice(input: StartPublicNoticeInput): TaskPayload | Promise<TaskPayload>;
  recordObjection(input: RecordObjectionInput): TaskPayload | Promise<TaskPayload>;
  signOff(input: SignOffInput): TaskPayload | Promise<TaskPayload>;
  recordSpotCheck(input: RecordSpotCheckInput): TaskPayload | Promise<TaskPayload>;
  reopenTask(input: ReopenTaskInput): TaskPayload | Promise<TaskPayload>;
  /** The office waives a drawn spot check not yet recorded; reason required */
  waiveSpotCheck(input: WaiveSpotCheckInput): TaskPayload | Promise<TaskPayload>;
  /** 对账销号: the office records that the task's record is complete, at the ledger's current position */
  reconcileTask(input: ReconcileTaskInput): TaskPayload | Promise<TaskPayload>;
  /** The lead unit applies for a new deadline, giving the reason */
  applyDeadlineChange(input: ApplyDeadlineChangeInput): TaskPayload | Promise<TaskPayload>;
  /** The leading group (through the office) approves or refuses the application; reason required */
  decideDeadlineChange(input: DecideDeadlineChangeInput): TaskPayload | Promise<TaskPayload>;
  /** The office files the approved change with the central inspection office (报备) */
  fileDeadlineChange(input: FileDeadlineChangeInput): TaskPayload | Promise<TaskPayload>;
}

/**
 * 挂图作战: per-group counts. done = SIGNED_OFF or LONG_TERM; inProgress = assigned and not done;
 * overdue = not done and deadline before the moment; behindSchedule = not done and (overdue or last
 * report BEHIND); reopened = reopened at least once.
 */
export interface Board {
  /**
   * The tasks behind one number of the board (the web console's click-through): the tasks of the
   * group whose key is `groupKey` (every group's when omitted) that `measure` counts, as they stood at
   * the board's moment, ordered by task id. Its totalCount is the number on the board.
   */
  tasks: TaskConnection;
  /** The inspection asked for, when the board is of one (inspectionId) */
  inspectionId?: Nullable<string>;
  /** Every inspection the board counts */
  inspectionIds: string[];
  groupBy: BoardGroupBy;
  /** The moment the counts are for (asOf, or the server's clock). */
  at: DateTime;
  totals: BoardCounts;
  groups: BoardGroup[];
}

export interface CollectionParty {
  id: string;
  name: string;
  organisation: string;
}

export interface CollectionReportCorrection {
  at: DateTime;
  reason: string;
  by: CollectionParty;
  /** The figure and text before this correction. */
  progressPercent: number;
  summary: string;
}

/** A lead unit's report on one task in one round. reportedAt and late are the first report's. */
export interface CollectionUnitReport {
  unit: string;
  reportedBy: CollectionParty;
  reportedAt: DateTime;
  late: boolean;
  /** Share of the rectification done, 0-100 (整改进度), as last corrected. */
  progressPercent: number;
  summary: string;
  corrections: CollectionReportCorrection[];
}

/** One task a round asks about, as it stood when the round opened, and what its lead unit reported. */
export interface CollectionEntry {
  taskId: string;
  number?: Nullable<number>;
  title: string;
  leadUnit: string;
  deadline?: Nullable<DateTime>;
  longTerm: boolean;
  status: CollectionEntryStatus;
  report?: Nullable<CollectionUnitReport>;
}

/** Per lead unit: how many tasks it must report, and how many it has, late or not at all. */
export interface CollectionUnitSummary {
  unit: string;
  tasks: number;
  reported: number;
  late: number;
  pending: number;
  missing: number;
}

export interface PlannedYearFigures {
  /** Planned completion year: the deadline's year (Beijing time). */
  year: number;
  planned: number;
  done: number;
}

/**
 * The published figures, counted from the task records of the round's inspection at the report's
 * ledger position, with the board's rules: total = done + onSchedule + behind + notAssigned.
 */
export interface CollectionFigures {
  total: number;
  /** SIGNED_OFF or LONG_TERM (已完成). */
  done: number;
  /** Deadline before asOfTime (到期应完成). */
  due: number;
  /** Due and done (到期已完成). */
  dueAndDone: number;
  /** Not done, assigned, not due and not last reported BEHIND (达到序时进度). */
  onSchedule: number;
  /** Not done, and due or last reported BEHIND (滞后). */
  behind: number;
  notAssigned: number;
  /** Marked long-term (长期坚持), and of those done. */
  longTerm: number;
  longTermDone: number;
  byYear: PlannedYearFigures[];
}

/** The frozen report to the central office. */
export interface CollectionReport {
  /** The ledger position the figures were counted at (the head when the round was frozen). */
  asOfPosition: Position;
  asOfTime: DateTime;
  frozenAt: DateTime;
  frozenBy: CollectionParty;
  figures: CollectionFigures;
  /** The published wording, e.g. 计划 2025 年完成的 30 个问题已全部完成. */
  textZh: string;
  textEn: string;
  /** GET with a bearer token: the report as XLSX; .md or .html in place of .xlsx give Markdown or HTML. */
  exportPath: string;
}

/**
 * A collection round (调度): the office asks every lead unit for one progress report per task by a
 * due time, sees who has reported, who was late and who is missing, and freezes it into a report.
 */
export interface CollectionRound extends Node {
  /** Global id: the stream name, collection-<roundId>. */
  id: string;
  roundId: string;
  inspectionId: string;
  name: string;
  status: CollectionRoundStatus;
  dueAt: DateTime;
  openedAt: DateTime;
  openedBy: CollectionParty;
  version: number;
  /** The moment asked for (asOf), or null for now. */
  asOf?: Nullable<DateTime>;
  entries: CollectionEntry[];
  units: CollectionUnitSummary[];
  reported: number;
  late: number;
  pending: number;
  missing: number;
  /** Units with a task still missing (or pending), for chasing (催报). */
  missingUnits: string[];
  report?: Nullable<CollectionReport>;
  cancelledAt?: Nullable<DateTime>;
  cancelReason?: Nullable<string>;
  history: LedgerEntryConnection;
}

export interface CollectionRoundEdge {
  cursor: string;
  node: CollectionRound;
}

export interface CollectionRoundConnection {
  edges: CollectionRoundEdge[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface CollectionRoundPayload {
  collectionRound: CollectionRound;
  entry: LedgerEntry;
  /** True when the write is committed but the read side had not caught up (see PublishDisclosurePayload). */
  readSideBehind: boolean;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor?: Nullable<string>;
}

export interface Actor {
  id: string;
  name: string;
  role: string;
  organisation: string;
}

export interface FieldChange {
  field: string;
  before?: Nullable<JSON>;
  after?: Nullable<JSON>;
}

/** One immutable event of the ledger, with who, when, why, what changed, and its hash chain link. */
export interface LedgerEntry {
  position: Position;
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  recordedAt: DateTime;
  actor: Actor;
  commandId: string;
  correlationId: string;
  reason?: Nullable<string>;
  data: JSON;
  /**
   * The data exactly as it was hashed, for an outside verifier: personal values (a leader's phone) as
   * their salted commitments, so nothing hidden is revealed and the hash can be recomputed by anyone.
   * Events holding commitments are hashed with schemaVersion 2, others with 1. Null only for a reader
   * who may not see personal data, on an event written before commitments (its value was hashed in
   * clear).
   */
  hashedData?: Nullable<JSON>;
  changes: FieldChange[];
  hash: string;
  prevHash: string;
  /** This entry's leaf in the ledger's Merkle tree (its ordinal in ledger order, from 0). */
  leafIndex?: Nullable<number>;
}

export interface LedgerEntryEdge {
  cursor: string;
  node: LedgerEntry;
}

export interface LedgerEntryConnection {
  edges: LedgerEntryEdge[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface StreamVerification {
  streamId: string;
  ok: boolean;
  events: number;
  headHash: string;
  firstBadVersion?: Nullable<number>;
  firstBadEventId?: Nullable<string>;
  problem?: Nullable<ChainProblem>;
}

export interface Me {
  id: string;
  name: string;
  roles: string[];
  organisation: string;
  region?: Nullable<string>;
}

export interface Health {
  status: string;
  eventStore: string;
  headPosition: Position;
  readModelPosition: Position;
}

export interface ComplaintDuplicateLink {
  /** The earlier case this one repeats (its complaintId). */
  complaintId: string;
  /** That case's tracking number as the team gave it. */
  trackingNumber: string;
}

export interface ComplaintVerification {
  result: VerificationResult;
  /** 调查核实情况 */
  findings: string;
  recordedAt: DateTime;
}

export interface ComplaintHandling {
  /** 处理和整改情况 */
  handling: string;
  /** 责任追究情况 as published */
  accountability?: Nullable<string>;
  recordedAt: DateTime;
}

/** Enforcement as counted facts (the figures a province publishes). */
export interface ComplaintEnforcement {
  /** 责令整改 (家) */
  orderedToRectify: number;
  /** 立案处罚 (家) */
  penaltyCases: number;
  /** 罚款 (元) */
  fineYuan: number;
  /** 立案侦查 (件) */
  criminalCases: number;
  /** 行政拘留 (人) */
  administrativeDetentions: number;
  /** 刑事拘留 (人) */
  criminalDetentions: number;
  /** 约谈 (人) */
  summonedTalks: number;
  /** 问责 (人) */
  peopleHeldAccountable: number;
  /** Accountability cases (case-<id>) the people held accountable are recorded in. */
  accountabilityCaseIds: string[];
}

export interface ComplaintStageClosure {
  /** What remains to be done */
  remaining: string;
  /** By when, YYYY-MM-DD */
  remainingDueOn: string;
  closedAt: DateTime;
}

/**
 * One complaint case handed over by the inspection team (stream complaint-<complaintId>). Every past
 * state is kept by the ledger: `history` lists its events; `complaintCase(id, asOf)` shows it as of any
 * moment. The complainant's name and contact are never stored.
 */
export interface ComplaintCase extends Node {
  /** Global id: the stream name, complaint-<complaintId>. */
  id: string;
  /** Derived from the inspection and the tracking number, so a tracking number is one case per inspection. */
  complaintId: string;
  version: number;
  updatedAt: DateTime;
  asOf?: Nullable<DateTime>;
  status: ComplaintStatus;
  inspectionId: string;
  /** 第 N 批 */
  batch: number;
  /** Handover date, YYYY-MM-DD */
  handedOverOn: string;
  /** 受理编号 as the team gave it, e.g. D3JX202405080001 (call) or X3JX... (letter) */
  trackingNumber: string;
  channel: ComplaintChannel;
  /** 重点关注 */
  keyAttention: boolean;
  /** 重复件: the earlier case it repeats */
  duplicateOf?: Nullable<ComplaintDuplicateLink>;
  regionCode: string;
  regionName: string;
  pollutionTypes: PollutionType[];
  /** 交办问题基本情况 */
  description: string;
  /** The unit it was handed to */
  handedTo: string;
  /** Due date of the first reply (the verification result), YYYY-MM-DD */
  replyDueOn: string;
  handedOverAt: DateTime;
  investigationStartedAt?: Nullable<DateTime>;
  verification?: Nullable<ComplaintVerification>;
  handling?: Nullable<ComplaintHandling>;
  enforcement: ComplaintEnforcement;
  stageClosure?: Nullable<ComplaintStageClosure>;
  closedAt?: Nullable<DateTime>;
  closingSummary?: Nullable<string>;
  linkedTaskIds: string[];
  reopenings: Reopening[];
  history: LedgerEntryConnection;
}

export interface ComplaintCaseEdge {
  cursor: string;
  node: ComplaintCase;
}

export interface ComplaintCaseConnection {
  edges: ComplaintCaseEdge[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface ComplaintStatusTally {
  status: ComplaintStatus;
  cases: number;
}

export interface VerificationTally {
  result: VerificationResult;
  cases: number;
}

export interface PollutionTypeTally {
  pollutionType: PollutionType;
  cases: number;
}

export interface ComplaintRegionTally {
  regionCode: string;
  regionName: string;
  cases: number;
  closed: number;
}

export interface ComplaintBatchTally {
  batch: number;
  cases: number;
  closed: number;
  closedInStages: number;
}

export interface EnforcementTotals {
  orderedToRectify: number;
  penaltyCases: number;
  fineYuan: number;
  criminalCases: number;
  administrativeDetentions: number;
  criminalDetentions: number;
  summonedTalks: number;
  peopleHeldAccountable: number;
}

/**
 * The figures a province publishes about its complaint cases, summed over the cases' states as of
 * `asOf` (or now). handedOver = closed + closedInStages + inProgress.
 */
export interface ComplaintSummary {
  /** The inspection asked for, when the summary is of one (inspectionId) */
  inspectionId?: Nullable<string>;
  /** Every inspection the summary adds up */
  inspectionIds: string[];
  asOf?: Nullable<DateTime>;
  /** 交办 (件) */
  handedOver: number;
  /** 已办结 (件) */
  closed: number;
  /** 阶段性办结 (件) */
  closedInStages: number;
  /** 办理中 (件) */
  inProgress: number;
  keyAttention: number;
  duplicates: number;
  byStatus: ComplaintStatusTally[];
  /** Cases with a verification result, by result. */
  byVerification: VerificationTally[];
  /** A case counts once under each of its types. */
  byPollutionType: PollutionTypeTally[];
  byRegion: ComplaintRegionTally[];
  byBatch: ComplaintBatchTally[];
  enforcement: EnforcementTotals;
}

export interface ComplaintCasePayload {
  complaint: ComplaintCase;
  entry: LedgerEntry;
  /** True when the write is committed but the read side had not caught up (see AccountabilityCasePayload). */
  readSideBehind: boolean;
}

export interface DisclosurePublisher {
  id: string;
  name: string;
  organisation: string;
}

/**
 * A record of exactly what was published: which document, where, the ledger position it was taken
 * at, and the SHA-256 and size of its bytes. The document can be regenerated from that position
 * (GET contentUrl) and checked (verifyDisclosure).
 */
export interface Disclosure extends Node {
  /** Global id: the stream name, disclosure-<disclosureId>. */
  id: string;
  disclosureId: string;
  kind: DisclosureKind;
  channel: DisclosureChannel;
  title: string;
  format: DisclosureFormat;
  inspectionId?: Nullable<string>;
  /** COLLECTION_REPORT: the collection round published. */
  collectionRoundId?: Nullable<string>;
  /** The handover batch a COMPLAINT_BATCH_TABLE shows. */
  batch?: Nullable<number>;
  /** The ledger position the content was taken at. */
  asOfPosition: Position;
  /** The time of the ledger entry at asOfPosition: the document's 'as of' time. */
  asOfTime: DateTime;
  sha256: string;
  size: number;
  /** Where it appeared (article URL, issue and page). */
  reference?: Nullable<string>;
  publishedAt: DateTime;
  publishedBy: DisclosurePublisher;
  /** Path of the regenerated document on this server (GET, with a bearer token). */
  contentUrl: string;
}

export interface DisclosureEdge {
  cursor: string;
  node: Disclosure;
}

export interface DisclosureConnection {
  edges: DisclosureEdge[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface DisclosureVerification {
  disclosure: Disclosure;
  /** True when the document regenerated from asOfPosition has the recorded hash and size. */
  ok: boolean;
  recordedSha256: string;
  regeneratedSha256: string;
  recordedSize: number;
  regeneratedSize: number;
}

export interface PublishDisclosurePayload {
  disclosure: Disclosure;
  entry: LedgerEntry;
  /**
   * True when the write is committed but the read side had not caught up within
   * READ_YOUR_WRITES_TIMEOUT_MS: the record and entry shown come from the store, and queries may not
   * show the write yet. Never retry a write because of it: it landed.
   */
  readSideBehind: boolean;
}

/** One inspection round in one province (督察轮次), stream inspection-<id>. */
export interface Inspection extends Node {
  /** Global id: the stream name, inspection-<inspectionId>. */
  id: string;
  inspectionId: string;
  version: number;
  title: string;
  round: number;
  /** Inspected region: administrative-division code and name. */
  regionCode: string;
  regionName: string;
  /** 督察组 */
  team: string;
  onSiteStart: DateTime;
  onSiteEnd: DateTime;
  feedbackDate: DateTime;
  /** 整改方案 publication date */
  planPublishedDate?: Nullable<DateTime>;
  registeredAt?: Nullable<DateTime>;
  spotCheckDraws: SpotCheckDraw[];
  /** This inspection's tasks (the same filters as `tasks`). */
  tasks: TaskConnection;
}

/** A reproducible spot-check sample (备案抽查): redraw it with mulberry32(seed) over the sorted candidates. */
export interface SpotCheckDraw {
  drawId: string;
  seed: number;
  sampleSize: number;
  candidateTaskIds: string[];
  taskIds: string[];
  at: DateTime;
}

export interface InspectionEdge {
  cursor: string;
  node: Inspection;
}

export interface InspectionConnection {
  edges: InspectionEdge[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface InspectionPayload {
  inspection: Inspection;
  entry: LedgerEntry;
  /**
   * True when the write is committed but the read side had not caught up within
   * READ_YOUR_WRITES_TIMEOUT_MS: the record and entry shown come from the store, and queries may not
   * show the write yet. Never retry a write because of it: it landed.
   */
  readSideBehind: boolean;
}

export interface DrawSpotChecksPayload {
  inspection: Inspection;
  entry: LedgerEntry;
  /** The drawn tasks, each now showing the pending spot check. */
  drawnTasks: Task[];
  /**
   * True when the write is committed but the read side had not caught up within
   * READ_YOUR_WRITES_TIMEOUT_MS: the record and entry shown come from the store, and queries may not
   * show the write yet. Never retry a write because of it: it landed.
   */
  readSideBehind: boolean;
}

/**
 * What the national roll-up (全国汇总) counts, for a province or in total. A token with a region claim
 * sees its own province only; a token of the central office (no region) sees every province.
 */
export interface NationalCounts {
  /** Inspections of the round */
  inspections: number;
  /** Tasks listed, in every status */
  tasks: number;
  /** Signed off, or done and continuing long-term */
  done: number;
  /** Not done and past the deadline at the summary's moment */
  overdue: number;
  /** Tasks per status (statuses with none are left out) */
  tasksByStatus: TaskStatusCount[];
  /** Complaint cases handed over (信访举报件) */
  complaints: number;
  /** People with at least one sanction not withdrawn (被问责人数) */
  peopleHeldAccountable: number;
}

export interface TaskStatusCount {
  status: TaskStatus;
  /** Chinese and English label */
  label: string;
  count: number;
}

export interface ProvinceSummary {
  /** Province code (XX0000) */
  provinceCode: string;
  provinceName: string;
  counts: NationalCounts;
}

export interface NationalSummary {
  round: number;
  /** The moment the counts are for (asOf, or the server's clock) */
  at: DateTime;
  /** The provinces below added up */
  total: NationalCounts;
  /** One row per province with an inspection in the round, by code */
  provinces: ProvinceSummary[];
}

/** A refused attempt: who tried what, when, and why it was refused. Kept outside the ledger. */
export interface AccessLogEntry {
  id: string;
  at: DateTime;
  /** Null when the caller had no valid token. */
  actorId?: Nullable<string>;
  actorName?: Nullable<string>;
  roles: string[];
  organisation?: Nullable<string>;
  /** e.g. "mutation assignTask", "query accessLog", "subscription ledgerEntries" */
  operation: string;
  /** The record the attempt was aimed at, when known (e.g. a task id or stream id). */
  target?: Nullable<string>;
  /** UNAUTHENTICATED, FORBIDDEN or RATE_LIMITED */
  code: string;
  reason: string;
  /**
   * The caller's network address as the server saw it; null for entries written before addresses were
   * kept, and for refusals that did not come over the network (the command line).
   */
  address?: Nullable<string>;
  /**
   * How many identical refusals this entry stands for: the same caller, address, operation, target, code
   * and reason within ACCESS_LOG_COLLAPSE_SECONDS of `at` are counted here instead of written again.
   */
  count: number;
  /** When the last of the `count` refusals happened (equal to `at` when there was one). */
  lastAt: DateTime;
}

export interface AccessLogEntryEdge {
  cursor: string;
  node: AccessLogEntry;
}

export interface AccessLogEntryConnection {
  edges: AccessLogEntryEdge[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface ISubscription {
  /**
   * A live feed of the ledger: every entry after `after` (exclusive; omit for the whole ledger), then new
   * entries as they are recorded, in ledger order, none missed and none repeated. Resume after a
   * disconnect by passing the last position received.
   */
  ledgerEntries(
    filter?: Nullable<LedgerFilter>,
    after?: Nullable<Position>,
  ): LedgerEntry | Promise<LedgerEntry>;
}

export interface EvidenceRef {
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  attachedAt?: Nullable<DateTime>;
  note?: Nullable<string>;
}

/** 责任领导 (the phone number is internal and never served) */
export interface ResponsibleLeader {
  name: string;
  position: string;
}

export interface ProgressReport {
  at: DateTime;
  scheduleStatus: ScheduleStatus;
  summary: string;
  evidence: EvidenceRef[];
}

export interface Supervision {
  kind: SupervisionKind;
  note: string;
  at: DateTime;
}

export interface DeadlineAdjustment {
  from?: Nullable<DateTime>;
  to: DateTime;
  reason: string;
  approver: string;
  at: DateTime;
}

export interface AcceptanceRecord {
  decision: AcceptanceDecision;
  opinion?: Nullable<string>;
  findings?: Nullable<string>;
  decidedBy: string;
  at: DateTime;
}

export interface NoticePeriod {
  start: DateTime;
  end: DateTime;
}

export interface Objection {
  summary: string;
  at: DateTime;
}

export interface SignOffRecord {
  signer: string;
  at: DateTime;
}

/** One step of a task's sign-off chain, as given. */
export interface SignOffStep {
  level: SignOffLevel;
  /** The person who signed, as they gave it */
  signer: string;
  /** The unit that signed (null on records before sign-off paths) */
  unit?: Nullable<string>;
  at: DateTime;
}

export interface SpotCheck {
  drawId: string;
  seed: number;
  drawnAt: DateTime;
  result?: Nullable<SpotCheckResult>;
  findings?: Nullable<string>;
  checkedAt?: Nullable<DateTime>;
  /** The office waived this check (对账销号 accepts a spot check drawn or waived) */
  waiver?: Nullable<SpotCheckWaiver>;
}

export interface SpotCheckWaiver {
  reason: string;
  by: string;
  at: DateTime;
}

export interface TaskReopening {
  source: ReopenSource;
  /** What was found (null on reopenings recorded before findings were typed) */
  finding?: Nullable<ReopenFinding>;
  reason: string;
  at: DateTime;
}

/**
 * One rectification task (整改任务), stream task-<taskId>: a row of the ledger (整改台账). Every past state is
 * kept: `task(id, asOf)` shows it as of any moment and `history` lists each event with its changes.
 */
export interface Task extends Node {
  /** Global id: the stream name, task-<taskId> (pass it to history(streamId:)). */
  id: string;
  taskId: string;
  /** Number of events in the task's stream at this state. */
  version: number;
  /** The moment this state was asked for, when asOf was given. */
  asOf?: Nullable<DateTime>;
  inspectionId: string;
  /** 序号 in the rectification list */
  number?: Nullable<number>;
  title: string;
  /** 问题 as fed back by the inspection */
  problem: string;
  status: TaskStatus;
  category?: Nullable<string>;
  regionCode?: Nullable<string>;
  regionName?: Nullable<string>;
  /** 牵头单位 */
  leadUnit?: Nullable<string>;
  /** 配合单位 */
  supportingUnits: string[];
  responsibleLeader?: Nullable<ResponsibleLeader>;
  /** 验收单位 */
  acceptanceUnit?: Nullable<string>;
  /** 整改目标 */
  target?: Nullable<string>;
  /** 整改措施 */
  measures?: Nullable<string>;
  /** 整改时限; null for long-term items */
  deadline?: Nullable<DateTime>;
  /** 长期坚持 */
  longTerm: boolean;
  signOffTier?: Nullable<SignOffLevel>;
  /** Who signs before the office (null: a task assigned before sign-off paths, which follows its tier) */
  signOffPath?: Nullable<SignOffPath>;
  /** The provincial department that signs a DEPARTMENT-path task off */
  signOffDepartment?: Nullable<string>;
  /** The sign-off chain this task needs, in order; the last step (PROVINCIAL) closes it */
  signOffChain: SignOffLevel[];
  /** The sign-offs given so far in this round (a reopening starts a new round) */
  signOffs: SignOffStep[];
  /** Past the deadline and not done, judged at asOf or now (the server's clock). */
  overdue: boolean;
  /** Counted complete: signed off, or done and continuing long-term. */
  done: boolean;
  /** The last reported schedule status (序时进度). */
  scheduleStatus?: Nullable<ScheduleStatus>;
  lastProgressAt?: Nullable<DateTime>;
  listedAt?: Nullable<DateTime>;
  assignedAt?: Nullable<DateTime>;
  updatedAt?: Nullable<DateTime>;
  /** The latest progress reports (at most 20, oldest first); every report stays in the task's history. */
  progressReports: ProgressReport[];
  /** How many progress reports the task has had in all. */
  progressReportCount: number;
  evidence: EvidenceRef[];
  supervisions: Supervision[];
  deadlineAdjustments: DeadlineAdjustment[];
  acceptanceRequestedAt?: Nullable<DateTime>;
  acceptanceDecisions: AcceptanceRecord[];
  publicNotice?: Nullable<NoticePeriod>;
  objections: Objection[];
  citySignOff?: Nullable<SignOffRecord>;
  provincialSignOff?: Nullable<SignOffRecord>;
  signedOffAt?: Nullable<DateTime>;
  spotCheck?: Nullable<SpotCheck>;
  reopenedCount: number;
  reopenings: TaskReopening[];
  amendmentCount: number;
  /** The office's latest reconciliation (对账销号) of this task, if any */
  reconciliation?: Nullable<TaskReconciliation>;
  /** The latest deadline change by application (null: none applied for) */
  deadlineChange?: Nullable<DeadlineChange>;
  /** The task this is a sub-item of (null: a problem of the list itself) */
  parentId?: Nullable<string>;
  /** Sub-items, each with its status; the task cannot be signed off while one is open */
  children: ChildItem[];
  /** Sub-items not yet closed */
  openChildren: number;
  /** What may be done next, as mutation names. */
  allowedNext: string[];
  history: LedgerEntryConnection;
}

/**
 * A sub-item as its parent records it (the sub-item itself is a task with its own lead unit, deadline,
 * progress and sign-off; query it by taskId).
 */
export interface ChildItem {
  taskId: string;
  /** Its status when it last opened or closed */
  status: TaskStatus;
  /** Not yet through its own final sign-off */
  open: boolean;
  at: DateTime;
}

export interface TaskEdge {
  cursor: string;
  node: Task;
}

export interface TaskConnection {
  edges: TaskEdge[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface BoardGroup {
  key: string;
  label: string;
  total: number;
  done: number;
  inProgress: number;
  overdue: number;
  behindSchedule: number;
  reopened: number;
}

export interface BoardCounts {
  total: number;
  /** Signed off, or done and continuing long-term. */
  done: number;
  /** Assigned and not yet done (listed-only tasks are neither). */
  inProgress: number;
  /** Not done and past the deadline as of the board's moment. */
  overdue: number;
  /** Not done, and overdue or last reported behind schedule. */
  behindSchedule: number;
  /** Reopened at least once. */
  reopened: number;
}

export interface TaskPayload {
  task: Task;
  entry: LedgerEntry;
  /**
   * True when the write is committed but the read side had not caught up within
   * READ_YOUR_WRITES_TIMEOUT_MS: the record and entry shown come from the store, and queries may not
   * show the write yet. Never retry a write because of it: it landed.
   */
  readSideBehind: boolean;
}

export interface TaskReconciliation {
  /** Who reconciled (name, unit) */
  by: string;
  at: DateTime;
  /** The ledger position the record was checked at */
  position: string;
  /** Whether the task changed after it was reconciled */
  changedSince: boolean;
  changedAt?: Nullable<DateTime>;
}

export interface ReconciliationRow {
  task: Task;
  /** Empty when the record is complete */
  missing: ReconciliationGap[];
  /** The same, as a person reads it (Chinese / English) */
  missingText: string[];
  reconciled: boolean;
}

/** The latest application for a new deadline and where it stands */
export interface DeadlineChange {
  status: DeadlineChangeStatus;
  from?: Nullable<DateTime>;
  to: DateTime;
  reason: string;
  appliedBy: string;
  appliedAt: DateTime;
  decidedBy?: Nullable<string>;
  decidedAt?: Nullable<DateTime>;
  filingReference?: Nullable<string>;
  filedAt?: Nullable<DateTime>;
}

/**
 * An organisation in the unit registry (单位名录): tasks, imports and tokens name units by their full name
 * or any alias; the registry resolves them to one unit.
 */
export interface Unit {
  /** Stable code, e.g. GOV-360400 or DEPT-STHJT */
  code: string;
  /** Full name (全称), as tasks store it */
  name: string;
  /** Abbreviations and other names accepted for it (简称) */
  aliases: string[];
  kind: UnitKind;
  /** The unit above it (a county's city government), by code */
  parent?: Nullable<string>;
  /** Administrative-division code of the area it answers for */
  regionCode: string;
}

/** A cell or field naming one or more units, resolved: the first is the lead, the rest support. */
export interface UnitResolution {
  lead?: Nullable<Unit>;
  supporting: Unit[];
  /** Names that match no unit, each with the closest registered names */
  unknown: UnknownUnit[];
}

export interface UnknownUnit {
  text: string;
  suggestions: string[];
}

/**
 * A signed checkpoint of the ledger's Merkle tree: the C2SP tlog-checkpoint note (origin line, tree size,
 * base64 root hash, then an Ed25519 signature line), checkable with the log's verifier key by any
 * signed-note tool. See docs/verification.md.
 */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  /** The root hash of the first treeSize entries, hex. */
  rootHash: string;
  /** The signed note, exactly as it is to be kept or published. */
  note: string;
  verifierKey: string;
}

/** Proof that a ledger entry is the leaf at leafIndex of the tree of treeSize entries (RFC 9162 2.1.3). */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  /** SHA-256(0x00 || the entry's hash bytes), hex. */
  leafHash: string;
  /** The audit path, deepest sibling first, hex. */
  hashes: string[];
  /** The signed checkpoint of treeSize, whose root the path leads to. */
  checkpoint: Checkpoint;
}

/** Proof that the tree of toSize entries extends the tree of fromSize entries (RFC 9162 2.1.4). */
export interface ConsistencyProof {
  fromSize: number;
  toSize: number;
  hashes: string[];
}

/** ISO-8601 date-time, e.g. 2024-08-21T00:00:00.000Z */
export type DateTime = string;
/** Any JSON value */
export type JSON = unknown;
/** A position in the global ledger order (a decimal string: positions are 64-bit). */
export type Position = bigint;
type Nullable<T> = T | null;

/** The values of every enum in the SDL, in declaration order. */
export const ENUM_VALUES = {
  AccountabilityCaseStatus: [
    'REFERRED',
    'INVESTIGATING',
    'CLOSED',
  ] as const satisfies readonly AccountabilityCaseStatus[],
  OfficialRank: [
    'BUREAU',
    'DIVISION',
    'SECTION',
    'OTHER',
  ] as const satisfies readonly OfficialRank[],
  OrganisationType: [
    'PARTY_COMMITTEE',
    'GOVERNMENT',
    'DEPARTMENT',
    'STATE_OWNED_ENTERPRISE',
    'PUBLIC_INSTITUTION',
    'OTHER',
  ] as const satisfies readonly OrganisationType[],
  ResponsibilityType: [
    'PRIMARY',
    'SUPERVISORY',
    'LEADERSHIP',
  ] as const satisfies readonly ResponsibilityType[],
  SanctionCategory: [
    'ACCOUNTABILITY_METHOD',
    'PARTY_DISCIPLINE',
    'GOVERNMENT_SANCTION',
    'JUDICIAL',
  ] as const satisfies readonly SanctionCategory[],
  SanctionKind: [
    'CIRCULAR',
    'ADMONISHMENT',
    'ORGANISATIONAL_HANDLING',
    'TRANSFER',
    'DISMISSAL',
    'DISCIPLINARY',
    'REMINDER_TALK',
    'CRITICISM_AND_EDUCATION',
    'ORDERED_SELF_EXAMINATION',
    'ORDERED_PUBLIC_APOLOGY',
    'SUSPENSION_FOR_INSPECTION',
    'RESIGNATION_TAKING_RESPONSIBILITY',
    'ORDERED_RESIGNATION',
    'POST_DEMOTION',
    'PARTY_WARNING',
    'PARTY_SERIOUS_WARNING',
    'REMOVAL_FROM_PARTY_POSTS',
    'PARTY_PROBATION',
    'EXPULSION_FROM_PARTY',
    'GOV_WARNING',
    'DEMERIT',
    'MAJOR_DEMERIT',
    'DEMOTION',
    'REMOVAL_FROM_OFFICE',
    'DISMISSAL_FROM_PUBLIC_SERVICE',
    'ADMIN_WARNING',
    'ADMIN_DEMERIT',
    'ADMIN_MAJOR_DEMERIT',
    'ADMIN_DEMOTION',
    'ADMIN_REMOVAL_FROM_OFFICE',
    'ADMIN_DISMISSAL',
    'JUDICIAL_REFERRAL',
  ] as const satisfies readonly SanctionKind[],
  SanctionStatus: [
    'IN_FORCE',
    'CORRECTED',
    'WITHDRAWN',
  ] as const satisfies readonly SanctionStatus[],
  CompensationResult: [
    'AGREEMENT_REACHED',
    'JUDGMENT_FOR_CLAIMANT',
    'CLAIM_REJECTED',
    'CLAIM_WITHDRAWN',
  ] as const satisfies readonly CompensationResult[],
  LitigationResult: [
    'NOT_FILED',
    'PRE_LITIGATION_RECTIFIED',
    'JUDGMENT_FOR_PLAINTIFF',
    'JUDGMENT_AGAINST_PLAINTIFF',
    'SETTLED',
    'WITHDRAWN',
  ] as const satisfies readonly LitigationResult[],
  UnitAccountabilityMethod: [
    'SELF_EXAMINATION',
    'CIRCULAR',
    'INTERVIEW',
    'ORDERED_RECTIFICATION',
    'REORGANISATION',
  ] as const satisfies readonly UnitAccountabilityMethod[],
  UnitAccountabilityStatus: [
    'IN_FORCE',
    'WITHDRAWN',
  ] as const satisfies readonly UnitAccountabilityStatus[],
  BoardMeasure: [
    'TOTAL',
    'DONE',
    'IN_PROGRESS',
    'OVERDUE',
    'BEHIND_SCHEDULE',
    'REOPENED',
  ] as const satisfies readonly BoardMeasure[],
  CollectionRoundStatus: [
    'OPEN',
    'FROZEN',
    'CANCELLED',
  ] as const satisfies readonly CollectionRoundStatus[],
  CollectionEntryStatus: [
    'REPORTED',
    'LATE',
    'PENDING',
    'MISSING',
  ] as const satisfies readonly CollectionEntryStatus[],
  ChainProblem: ['HASH', 'PREV_HASH', 'GAP'] as const satisfies readonly ChainProblem[],
  ComplaintChannel: ['PHONE', 'LETTER', 'OTHER'] as const satisfies readonly ComplaintChannel[],
  PollutionType: [
    'AIR',
    'WATER',
    'SOIL',
    'NOISE',
    'SOLID_WASTE',
    'ECOLOGY',
    'RADIATION',
    'OTHER',
  ] as const satisfies readonly PollutionType[],
  VerificationResult: [
    'SUBSTANTIATED',
    'MOSTLY_SUBSTANTIATED',
    'PARTLY_SUBSTANTIATED',
    'UNSUBSTANTIATED',
  ] as const satisfies readonly VerificationResult[],
  ComplaintStatus: [
    'HANDED_OVER',
    'INVESTIGATING',
    'VERIFIED',
    'HANDLED',
    'CLOSED_IN_STAGES',
    'CLOSED',
  ] as const satisfies readonly ComplaintStatus[],
  DisclosureKind: [
    'LEDGER',
    'RECTIFICATION_STATUS',
    'ACCOUNTABILITY_SUMMARY',
    'ACCOUNTABILITY_ANNOUNCEMENT',
    'COLLECTION_REPORT',
    'COMPLAINT_BATCH_TABLE',
    'COMPLAINT_SUMMARY',
  ] as const satisfies readonly DisclosureKind[],
  DisclosureChannel: [
    'PROVINCIAL_TV',
    'PARTY_PAPER',
    'GOVERNMENT_WEBSITE',
    'OTHER',
  ] as const satisfies readonly DisclosureChannel[],
  DisclosureFormat: [
    'XLSX',
    'CSV',
    'JSONL',
    'MARKDOWN',
    'HTML',
  ] as const satisfies readonly DisclosureFormat[],
  TaskStatus: [
    'LISTED',
    'ASSIGNED',
    'IN_PROGRESS',
    'ACCEPTANCE_REQUESTED',
    'VERIFYING',
    'ACCEPTED',
    'PUBLIC_NOTICE',
    'COUNTY_SIGNED_OFF',
    'CITY_SIGNED_OFF',
    'DEPARTMENT_SIGNED_OFF',
    'SIGNED_OFF',
    'LONG_TERM',
    'REOPENED',
  ] as const satisfies readonly TaskStatus[],
  ScheduleStatus: [
    'NOT_STARTED',
    'BEHIND',
    'ON_SCHEDULE',
    'AHEAD',
  ] as const satisfies readonly ScheduleStatus[],
  SupervisionKind: [
    'WARNING_LETTER',
    'CIRCULAR',
    'SUMMONS',
    'LISTED_SUPERVISION',
  ] as const satisfies readonly SupervisionKind[],
  SignOffLevel: [
    'COUNTY',
    'CITY',
    'DEPARTMENT',
    'PROVINCIAL',
  ] as const satisfies readonly SignOffLevel[],
  SignOffPath: ['CITY', 'COUNTY', 'DEPARTMENT'] as const satisfies readonly SignOffPath[],
  AcceptanceDecision: ['ACCEPTED', 'REJECTED'] as const satisfies readonly AcceptanceDecision[],
  SpotCheckResult: ['PASSED', 'FAILED'] as const satisfies readonly SpotCheckResult[],
  ReopenSource: [
    'SPOT_CHECK',
    'LOOK_BACK_REVIEW',
    'LATER_INSPECTION',
  ] as const satisfies readonly ReopenSource[],
  TaskOrder: ['NUMBER', 'DEADLINE', 'UPDATED_AT', 'ID'] as const satisfies readonly TaskOrder[],
  BoardGroupBy: [
    'REGION',
    'LEAD_UNIT',
    'CATEGORY',
    'STATUS',
    'PROVINCE',
  ] as const satisfies readonly BoardGroupBy[],
  ReconciliationGap: [
    'SIGN_OFF_CHAIN',
    'ACCEPTANCE',
    'EVIDENCE',
    'PUBLIC_NOTICE',
    'OPEN_OBJECTION',
    'SPOT_CHECK',
    'OPEN_CHILD',
  ] as const satisfies readonly ReconciliationGap[],
  DeadlineChangeStatus: [
    'APPLIED',
    'APPROVED',
    'REFUSED',
    'FILED',
  ] as const satisfies readonly DeadlineChangeStatus[],
  ReopenFinding: [
    'FALSE_RECTIFICATION',
    'SUPERFICIAL',
    'PERFUNCTORY',
    'REBOUND',
  ] as const satisfies readonly ReopenFinding[],
  UnitKind: [
    'CITY_GOVERNMENT',
    'COUNTY_GOVERNMENT',
    'PROVINCIAL_DEPARTMENT',
    'STATE_OWNED_ENTERPRISE',
    'OTHER',
    'PROVINCIAL_GOVERNMENT',
  ] as const satisfies readonly UnitKind[],
};
