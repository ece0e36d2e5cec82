/** One inspection round in one province: the frame every rectification task belongs to. */
export type SpotCheckDraw = {
  drawId: string;
  seed: number;
  sampleSize: number;
  candidateTaskIds: string[];
  taskIds: string[];
  at: string;
};

export type InspectionState = {
  inspectionId: string;
  registered: boolean;
  title: string;
  round: number;
  regionCode: string;
  regionName: string;
  team: string;
  onSiteStart: string;
  onSiteEnd: string;
  feedbackDate: string;
  planPublishedDate: string | null;
  registeredAt: string | null;
  spotCheckDraws: SpotCheckDraw[];
};

export const initialInspectionState = (): InspectionState => ({
  inspectionId: '',
  registered: false,
  title: '',
  round: 0,
  regionCode: '',
  regionName: '',
  team: '',
  onSiteStart: '',
  onSiteEnd: '',
  feedbackDate: '',
  planPublishedDate: null,
  registeredAt: null,
  spotCheckDraws: [],
});
