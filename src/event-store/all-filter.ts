import type { AllFilter, RecordedEvent } from './event-store.port.js';

/**
 * The filter of the global order as a predicate: every prefix or type list that is given must
 * match. One definition for the stores that filter in memory and for the projection runner.
 */
export function allFilterMatcher(filter: AllFilter = {}): (event: RecordedEvent) => boolean {
  const prefixes = filter.streamPrefixes ?? [];
  const types = new Set(filter.eventTypes ?? []);
  // Called for every event of a catch-up by every projection: a loop, not a closure per prefix.
  const prefixed = (streamId: string): boolean => {
    for (const p of prefixes) if (streamId.startsWith(p)) return true;
    return prefixes.length === 0;
  };
  return (event) => prefixed(event.streamId) && (types.size === 0 || types.has(event.type));
}
