import type { OnModuleDestroy } from '@nestjs/common';
import type { ProjectionRunner } from '../../projections/runner.js';
import type { EventStore, Position } from '../event-store/event-store.port.js';
import type { CommitStats } from '../event-store/sqlite-event-store.js';

export interface ProjectionLagEntry {
  readonly projection: string;
  readonly position: Position;
  /** Events in the log after the projection's checkpoint. */
  readonly events: bigint;
  /**
   * How long the oldest event the projection has not applied has waited: from its commit when this
   * process saw it, else from when this process first found the projection behind (a rebuild).
   */
  readonly seconds: number;
}

/** What remembers commits: the embedded store's hook (KurrentDB's appends are not seen here). */
type Observable = EventStore & { observeCommits(o: (s: CommitStats) => void): () => void };
const observable = (store: EventStore): store is Observable =>
  typeof (store as Partial<Observable>).observeCommits === 'function';

/** Commits remembered at most: past it the oldest go, and lag seconds fall back to "behind since". */
const MAX_COMMITS = 50_000;

/**
 * How far each projection is behind the log's head, in events and in seconds: what /readyz judges
 * and what the metrics show. Made by OpsModule with the app's store and projection runner.
 */
export class ProjectionLag implements OnModuleDestroy {
  /** (last position of a commit, wall-clock ms when it committed), in commit order. */
  private commits: { position: Position; at: number }[] = [];
  private readonly behindSince = new Map<string, number>();
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {
    if (observable(store)) {
      this.stops.push(
        store.observeCommits((stats) => {
          if (stats.events === 0) return;
          this.commits.push({ position: stats.lastPosition, at: Date.now() });
          if (this.commits.length > MAX_COMMITS) this.commits.splice(0, MAX_COMMITS / 10);
        }),
      );
    }
    this.stops.push(runner.onApplied((position) => this.forgetThrough(position)));
  }

  head(): Promise<Position> {
    return this.store.headPosition();
  }

  /** Each projection's lag behind `head`. */
  lags(head: Position, now = Date.now()): ProjectionLagEntry[] {
    const out: ProjectionLagEntry[] = [];
    for (const [projection, position] of this.runner.checkpointPositions()) {
      const events = head > position ? head - position : 0n;
      let seconds = 0;
      if (events > 0n) {
        const since = this.behindSince.get(projection) ?? now;
        this.behindSince.set(projection, since);
        const oldest = this.commits.find((c) => c.position > position);
        seconds = (now - Math.min(oldest?.at ?? since, since)) / 1000;
      } else {
        this.behindSince.delete(projection);
      }
      out.push({ projection, position, events, seconds });
    }
    return out;
  }

  private forgetThrough(position: Position): void {
    let drop = 0;
    while (drop < this.commits.length && this.commits[drop].position <= position) drop++;
    if (drop) this.commits.splice(0, drop);
  }

  onModuleDestroy(): void {
    for (const stop of this.stops) stop();
  }
}
