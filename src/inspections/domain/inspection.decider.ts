import { assertNever, type CommandMeta, type Decider } from '../../common/decider.js';
import { BadInputError, InvalidTransitionError, NotFoundError } from '../../common/errors.js';
import { seededSample } from '../../common/seeded-sample.js';
import {
  integerIn,
  isoTime,
  optionalIsoTime,
  ordered,
  recordId,
  regionCode,
  requiredText,
} from '../../common/validation.js';
import { INSPECTION_OFFICE, requireParty } from '../../common/policy.js';
import type { InspectionCommand } from './inspection.commands.js';
import type { InspectionEvent } from './inspection.events.js';
import { initialInspectionState, type InspectionState } from './inspection.state.js';

function decide(
  command: InspectionCommand,
  inspection: InspectionState,
  meta: CommandMeta,
): InspectionEvent[] {
  switch (command.type) {
    case 'RegisterInspection': {
      requireParty('registerInspection', INSPECTION_OFFICE, meta.actor);
      if (inspection.registered) {
        throw new InvalidTransitionError(
          `督察 ${inspection.inspectionId} 已登记，不能重复登记；当前可执行：drawSpotChecks`,
          `Inspection ${inspection.inspectionId} is already registered; allowed next: drawSpotChecks`,
          { status: 'REGISTERED', action: 'registerInspection', allowed: ['drawSpotChecks'] },
        );
      }
      const onSiteStart = isoTime('onSiteStart', command.onSiteStart);
      const onSiteEnd = isoTime('onSiteEnd', command.onSiteEnd);
      ordered('onSiteEnd', onSiteStart, onSiteEnd);
      const feedbackDate = isoTime('feedbackDate', command.feedbackDate);
      ordered('feedbackDate', onSiteEnd, feedbackDate);
      return [
        {
          type: 'InspectionRegistered',
          data: {
            inspectionId: recordId('inspectionId', command.inspectionId),
            title: requiredText('title', command.title),
            round: integerIn('round', command.round, 1, 1000),
            regionCode: regionCode('regionCode', command.regionCode),
            regionName: requiredText('regionName', command.regionName, 100),
            team: requiredText('team', command.team, 200),
            onSiteStart,
            onSiteEnd,
            feedbackDate,
            planPublishedDate: optionalIsoTime('planPublishedDate', command.planPublishedDate),
            at: meta.at,
          },
        },
      ];
    }
    case 'DrawSpotChecks': {
      requireParty('drawSpotChecks', INSPECTION_OFFICE, meta.actor);
      if (!inspection.registered) {
        throw new NotFoundError('督察轮次不存在', 'No such inspection', {
          action: 'drawSpotChecks',
        });
      }
      const candidates = command.candidateTaskIds.map((id, i) =>
        recordId(`candidateTaskIds[${i}]`, id),
      );
      if (!candidates.length) {
        throw new BadInputError(
          '没有可抽查的已销号任务',
          'There are no signed-off tasks to draw a spot check from',
          { field: 'candidateTaskIds' },
        );
      }
      const seed = integerIn('seed', command.seed, 0, 0xffffffff);
      const sampleSize = integerIn('sampleSize', command.sampleSize, 1, 1000);
      return [
        {
          type: 'SpotChecksDrawn',
          data: {
            drawId: recordId('drawId', command.drawId),
            seed,
            sampleSize,
            candidateTaskIds: [...new Set(candidates)].sort(),
            taskIds: seededSample(candidates, sampleSize, seed),
            at: meta.at,
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function evolve(inspection: InspectionState, event: InspectionEvent): InspectionState {
  switch (event.type) {
    case 'InspectionRegistered': {
      const { at, ...fields } = event.data;
      return { ...inspection, ...fields, registered: true, registeredAt: at };
    }
    case 'SpotChecksDrawn':
      return { ...inspection, spotCheckDraws: [...inspection.spotCheckDraws, event.data] };
    default:
      return assertNever(event);
  }
}

export const inspectionDecider: Decider<InspectionState, InspectionCommand, InspectionEvent> = {
  streamPrefix: 'inspection-',
  initialState: initialInspectionState,
  decide,
  evolve,
};
