import type { InspectionState } from './inspection.state.js';

export type InspectionView = ReturnType<typeof toInspectionView>;

export const toInspectionView = (state: InspectionState, version: number) => ({
  ...state,
  id: `inspection-${state.inspectionId}`,
  version,
});

/** Accepts an inspection id or its global id (inspection-<inspectionId>). */
export const plainInspectionId = (id: string): string =>
  id.startsWith('inspection-') ? id.slice('inspection-'.length) : id;
