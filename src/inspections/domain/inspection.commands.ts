export type InspectionCommand =
  | {
      readonly type: 'RegisterInspection';
      readonly inspectionId: string;
      readonly title: string;
      readonly round: number;
      readonly regionCode: string;
      readonly regionName: string;
      readonly team: string;
      readonly onSiteStart: string;
      readonly onSiteEnd: string;
      readonly feedbackDate: string;
      readonly planPublishedDate?: string | null;
    }
  | {
      readonly type: 'DrawSpotChecks';
      readonly drawId: string;
      readonly seed: number;
      readonly sampleSize: number;
      /**
       * Signed-off tasks of this inspection not already awaiting a spot check, read from the
       * ledger by the caller so that decide stays pure; they are recorded with the draw.
       */
      readonly candidateTaskIds: readonly string[];
    };
