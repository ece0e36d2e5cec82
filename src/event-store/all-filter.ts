import type { AllFilter, RecordedEvent } from './event-store.port.js';

/**
 * The filter of the global order as a predicate: every prefix or type list that is given must
 * match. One definition for the stores that filter in memory and for the projection runner.
 */
export function allFilterMatcher(filter: AllFilter = {}): (event: RecordedEvent) => boolean {
  const prefixes = filter.streamPrefixes ?? [];
  const types = new Set(filter.eventTypes ?? []);
  return (event) =>
    (prefixes.length === 0 || prefixes.some((p) => event.streamId.startsWith(p))) &&
    (types.size === 0 || types.has(event.type));
}
