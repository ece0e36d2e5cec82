import type { DomainEvent } from '../../common/decider.js';
import type { SpotCheckDraw } from './inspection.state.js';

export type InspectionEvent =
  | DomainEvent<
      'InspectionRegistered',
      {
        inspectionId: string;
        title: string;
        round: number;
        regionCode: string;
        regionName: string;
        team: string;
        onSiteStart: string;
        onSiteEnd: string;
        feedbackDate: string;
        planPublishedDate: string | null;
        at: string;
      }
    >
  | DomainEvent<'SpotChecksDrawn', SpotCheckDraw>;
