import type { DomainEvent } from '../../common/decider.js';
import type { Channel, PollutionType, VerificationResult } from './complaint.catalogue.js';
import type { Enforcement } from './complaint.state.js';

/** Every event carries `at` (the command's time) so `evolve` can date what it records. */
type At = { at: string };

export type ComplaintHandedOver = DomainEvent<
  'ComplaintHandedOver',
  At & {
    complaintId: string;
    inspectionId: string;
    batch: number;
    handedOverOn: string;
    trackingNumber: string;
    channel: Channel;
    keyAttention: boolean;
    duplicateOf: { complaintId: string; trackingNumber: string } | null;
    regionCode: string;
    regionName: string;
    pollutionTypes: PollutionType[];
    description: string;
    handedTo: string;
    replyDueOn: string;
  }
>;
export type ComplaintInvestigationStarted = DomainEvent<'ComplaintInvestigationStarted', At>;
export type ComplaintVerificationRecorded = DomainEvent<
  'ComplaintVerificationRecorded',
  At & { result: VerificationResult; findings: string }
>;
export type ComplaintHandlingRecorded = DomainEvent<
  'ComplaintHandlingRecorded',
  At & { handling: string; accountability: string | null }
>;
export type ComplaintEnforcementRecorded = DomainEvent<
  'ComplaintEnforcementRecorded',
  At & Enforcement
>;
export type ComplaintTasksLinked = DomainEvent<'ComplaintTasksLinked', At & { taskIds: string[] }>;
export type ComplaintClosedInStages = DomainEvent<
  'ComplaintClosedInStages',
  At & { remaining: string; remainingDueOn: string }
>;
export type ComplaintClosed = DomainEvent<'ComplaintClosed', At & { summary: string | null }>;
export type ComplaintReopened = DomainEvent<'ComplaintReopened', At & { reason: string }>;

export type ComplaintEvent =
  | ComplaintHandedOver
  | ComplaintInvestigationStarted
  | ComplaintVerificationRecorded
  | ComplaintHandlingRecorded
  | ComplaintEnforcementRecorded
  | ComplaintTasksLinked
  | ComplaintClosedInStages
  | ComplaintClosed
  | ComplaintReopened;
