import type { CommandMeta, Decider } from '../../common/decider.js';
import { BadInputError, InvalidTransitionError } from '../../common/errors.js';
import {
  integerIn,
  isoTime,
  oneOf,
  optionalText,
  recordId,
  requiredText,
} from '../../common/validation.js';
import type { DisclosureCommand } from './disclosure.commands.js';
import type { DisclosureEvent } from './disclosure.events.js';
import { authorisePublish } from './disclosure.policy.js';
import {
  DISCLOSURE_CHANNELS,
  DISCLOSURE_FORMATS,
  DISCLOSURE_KINDS,
  initialDisclosureState,
  type DisclosureState,
} from './disclosure.state.js';

const SHA256 = /^[0-9a-f]{64}$/;

/** A collection report names its round; no other kind carries one. */
function collectionRound(command: DisclosureCommand): { collectionRoundId?: string } {
  const id = command.collectionRoundId;
  if ((command.kind === 'COLLECTION_REPORT') !== Boolean(id)) {
    throw new BadInputError(
      'collectionRoundId：调度情况报告（COLLECTION_REPORT）须且只有它须指明调度轮次',
      'collectionRoundId: given for a COLLECTION_REPORT, and only for one',
      { field: 'collectionRoundId' },
    );
  }
  return id ? { collectionRoundId: recordId('collectionRoundId', id) } : {};
}

/** Role first (the disclosure team), then the record's state, then the input. */
function decide(
  command: DisclosureCommand,
  state: DisclosureState,
  meta: CommandMeta,
): DisclosureEvent[] {
  authorisePublish(meta.actor);
  if (state.publishedAt) {
    throw new InvalidTransitionError(
      `信息公开 ${state.disclosureId} 已于 ${state.publishedAt} 发布，发布记录不可更改；如需更正请另行发布`,
      `Disclosure ${state.disclosureId} was published at ${state.publishedAt}; a publication record cannot change: publish a new one`,
      { disclosureId: state.disclosureId, status: 'PUBLISHED', allowed: [] },
    );
  }
  if (!/^\d{1,19}$/.test(command.asOfPosition)) {
    throw new BadInputError(
      'asOfPosition 须为非负整数',
      'asOfPosition must be a non-negative integer',
      {
        field: 'asOfPosition',
      },
    );
  }
  if (!SHA256.test(command.sha256)) {
    throw new BadInputError(
      'sha256 须为 64 位小写十六进制',
      'sha256 must be 64 lower-case hex digits',
      {
        field: 'sha256',
      },
    );
  }
  const batch = batchOf(command);
  return [
    {
      type: 'DisclosurePublished',
      data: {
        disclosureId: recordId('disclosureId', command.disclosureId),
        kind: oneOf('kind', command.kind, DISCLOSURE_KINDS),
        channel: oneOf('channel', command.channel, DISCLOSURE_CHANNELS),
        title: requiredText('title', command.title),
        format: oneOf('format', command.format, DISCLOSURE_FORMATS),
        inspectionId: command.inspectionId ? recordId('inspectionId', command.inspectionId) : null,
        ...collectionRound(command),
        ...(batch === null ? {} : { batch }),
        asOfPosition: command.asOfPosition,
        asOfTime: isoTime('asOfTime', command.asOfTime),
        sha256: command.sha256,
        size: integerIn('size', command.size, 0, Number.MAX_SAFE_INTEGER),
        reference: optionalText('reference', command.reference, 2000),
        ...(command.encoding === undefined
          ? {}
          : { encoding: integerIn('encoding', command.encoding, 1, 1000) }),
        publishedBy: {
          id: meta.actor.id,
          name: meta.actor.name,
          organisation: meta.actor.organisation,
        },
        at: meta.at,
        ...(command.checkpoint ? { checkpoint: command.checkpoint } : {}),
      },
    },
  ];
}

/**
 * A complaint table shows one handover batch of one inspection: both are required for it, and a
 * batch means nothing to the other kinds, so it is refused there rather than silently ignored.
 */
function batchOf(command: DisclosureCommand): number | null {
  const table = command.kind === 'COMPLAINT_BATCH_TABLE';
  if (table && (!command.inspectionId || command.batch == null)) {
    throw new BadInputError(
      '信访举报件公开一览表须指定督察轮次（inspectionId）和批次（batch）',
      'A COMPLAINT_BATCH_TABLE needs an inspectionId and a batch',
      { field: command.inspectionId ? 'batch' : 'inspectionId' },
    );
  }
  if (!table && command.batch != null) {
    throw new BadInputError(
      `batch 只用于信访举报件公开一览表，${command.kind} 不需要`,
      `batch applies to a COMPLAINT_BATCH_TABLE only, not to ${command.kind}`,
      { field: 'batch' },
    );
  }
  return table ? integerIn('batch', command.batch, 1, 10_000) : null;
}

function evolve(state: DisclosureState, event: DisclosureEvent): DisclosureState {
  const { at, ...published } = event.data;
  return { ...state, ...published, publishedAt: at };
}

export const disclosureDecider: Decider<DisclosureState, DisclosureCommand, DisclosureEvent> = {
  streamPrefix: 'disclosure-',
  initialState: initialDisclosureState,
  decide,
  evolve,
};
