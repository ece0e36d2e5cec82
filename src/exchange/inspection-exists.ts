import { NotFoundError } from '../common/errors.js';
import type { EventStore } from '../event-store/event-store.port.js';

/** Tasks are imported into a registered inspection round (stream inspection-<id>). */
export async function assertInspectionExists(
  store: EventStore,
  inspectionId: string,
): Promise<{ readonly regionCode: string | null }> {
  const first = await store.readStream(`inspection-${inspectionId}`, { maxCount: 1 });
  if (first.length === 0) {
    throw new NotFoundError(
      `督察轮次 ${inspectionId} 不存在，请先登记（registerInspection）`,
      `No inspection ${inspectionId}: register it first (registerInspection)`,
      { field: 'inspectionId' },
    );
  }
  // The first event registers the inspection with its province: the province a list's unit names are read in.
  const data = first[0].data as { regionCode?: unknown } | null;
  return { regionCode: typeof data?.regionCode === 'string' ? data.regionCode : null };
}
