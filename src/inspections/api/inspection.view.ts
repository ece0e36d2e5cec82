import { globalId } from '../../common/global-id.js';
import type { InspectionState } from '../domain/inspection.state.js';

export type InspectionView = ReturnType<typeof toInspectionView>;

export const toInspectionView = (state: InspectionState, version: number) => ({
  ...state,
  id: globalId('inspection', state.inspectionId),
  version,
});
