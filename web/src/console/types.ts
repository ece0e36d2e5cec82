/**
 * What the console reads, typed from the SDL: `src/generated/graphql.ts` is generated from
 * schema/*.graphql (`npm run schema:types`), so a renamed or removed field fails the console's
 * type check. Positions travel as decimal strings, which `Wire` says.
 */
import type {
  AccountabilityCase,
  AccountabilitySummary,
  Board,
  Disclosure,
  DisclosureVerification,
  InclusionProof,
  Inspection,
  LedgerEntry,
  Me,
  PageInfo,
  StreamVerification,
  Task,
} from '../../../src/generated/graphql';

export type Wire<T> = T extends bigint
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export interface Connection<T> {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { cursor: string; node: T }[];
}

export type {
  BoardGroupBy,
  TaskStatus,
  TaskFilter,
  DisclosureKind,
} from '../../../src/generated/graphql';
export { ENUM_VALUES } from '../../../src/generated/graphql';

export type MeView = Me;
export type InspectionItem = Pick<Inspection, 'inspectionId' | 'title' | 'regionName'>;
export type BoardView = Board;
export type TaskRow = Pick<
  Task,
  | 'id'
  | 'taskId'
  | 'number'
  | 'title'
  | 'status'
  | 'regionName'
  | 'leadUnit'
  | 'category'
  | 'deadline'
  | 'overdue'
  | 'scheduleStatus'
  | 'reopenedCount'
>;
export type TaskView = Omit<Task, 'history' | 'progressReports' | 'evidence'> & {
  progressReports: Task['progressReports'];
};
export type CaseView = Omit<AccountabilityCase, 'history' | 'streamId'>;
export type DisclosureView = Wire<Disclosure>;
export type DisclosureCheck = Wire<
  Pick<
    DisclosureVerification,
    'ok' | 'recordedSha256' | 'regeneratedSha256' | 'recordedSize' | 'regeneratedSize'
  >
>;
export type EntryView = Wire<Omit<LedgerEntry, 'data' | 'hashedData'>>;
export type ChainView = StreamVerification;
export type ProofView = InclusionProof;
export type SummaryView = AccountabilitySummary;
