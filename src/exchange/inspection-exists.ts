import { NotFoundError } from '../common/errors.js';
import type { EventStore } from '../event-store/event-store.port.js';

/** Tasks are imported into a registered inspection round (stream inspection-<id>). */
export async function assertInspectionExists(
  store: EventStore,
  inspectionId: string,
): Promise<void> {
  const first = await store.readStream(`inspection-${inspectionId}`, { maxCount: 1 });
  if (first.length === 0) {
    throw new NotFoundError(
      `督察轮次 ${inspectionId} 不存在，请先登记（registerInspection）`,
      `No inspection ${inspectionId}: register it first (registerInspection)`,
      { field: 'inspectionId' },
    );
  }
}
