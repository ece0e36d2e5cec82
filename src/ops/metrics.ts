import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import type { CommitStats } from '../event-store/sqlite-event-store.js';
import { AccessLog } from '../security/access-log.js';
import { AddressRateLimiter, RateLimiter } from '../security/rate-limiter.js';
import { GraphqlWsServer } from '../subscriptions/ws-options.js';
import { ProjectionLag } from './projection-lag.js';

type Observable = EventStore & { observeCommits(o: (s: CommitStats) => void): () => void };

const EXPORT_PATH = /^\/api\/export\/([a-z-]{1,40})\.([a-z]{1,10})$/;
const DISCLOSURE_PATH = /^\/api\/disclosures\/[^/]+\/content$/;

/**
 * The Prometheus series (docs/operations.md lists them), in a registry of this app's own (tests run
 * several apps in one process). Counters are fed by hooks of the store, the access log, the rate
 * limiters, the GraphQL plugin and the file routes; gauges are read when scraped.
 */
@Injectable()
export class Metrics implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly stops: (() => void)[] = [];
  private readonly appends: Counter<'outcome'>;
  private readonly appendedEvents: Counter;
  private readonly appendSeconds: Histogram;
  private readonly groupCommit: Histogram;
  private readonly graphql: Counter<'operation' | 'field' | 'code'>;
  private readonly refusals: Counter<'code'>;
  private readonly rateLimited: Counter<'limit'>;
  private readonly exports: Counter<'kind' | 'format' | 'status'>;
  private readonly imports: Counter<'dry_run' | 'status'>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    lag: ProjectionLag,
    accessLog: AccessLog,
    actorLimiter: RateLimiter,
    addressLimiter: AddressRateLimiter,
    moduleRef: ModuleRef,
  ) {
    // The WebSocket server is the app's own provider, found once the app is assembled.
    const ws = () => moduleRef.get(GraphqlWsServer, { strict: false });
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'taizhang_' });
    this.appends = new Counter({
      name: 'taizhang_appends_total',
      help: 'Appends to the event store, by outcome (ok or failed)',
      labelNames: ['outcome'],
      registers,
    });
    this.appendedEvents = new Counter({
      name: 'taizhang_appended_events_total',
      help: 'Events appended to the event store',
      registers,
    });
    this.appendSeconds = new Histogram({
      name: 'taizhang_append_duration_seconds',
      help: 'Time from an append request to its durable commit',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.groupCommit = new Histogram({
      name: 'taizhang_group_commit_size',
      help: 'Appends written by one commit (group commit)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers,
    });
    this.graphql = new Counter({
      name: 'taizhang_graphql_operations_total',
      help: 'GraphQL operations over HTTP, by type, root field and outcome code (OK or the first error code)',
      labelNames: ['operation', 'field', 'code'],
      registers,
    });
    this.refusals = new Counter({
      name: 'taizhang_refusals_total',
      help: 'Refused attempts written to the access log, by code',
      labelNames: ['code'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'taizhang_rate_limited_total',
      help: 'Requests refused by a rate limit (address: before the token is read; actor: per token)',
      labelNames: ['limit'],
      registers,
    });
    this.exports = new Counter({
      name: 'taizhang_exports_total',
      help: 'File exports over HTTP (GET /api/export, disclosure content), by kind, format and HTTP status',
      labelNames: ['kind', 'format', 'status'],
      registers,
    });
    this.imports = new Counter({
      name: 'taizhang_imports_total',
      help: 'Rectification-list imports over HTTP (POST /api/import), by dry run and HTTP status',
      labelNames: ['dry_run', 'status'],
      registers,
    });
    new Gauge({
      name: 'taizhang_subscriptions_open',
      help: 'GraphQL subscriptions (and other operations) running on WebSocket connections',
      registers,
      collect() {
        this.set(ws().openOperations());
      },
    });
    new Gauge({
      name: 'taizhang_websocket_connections_open',
      help: 'WebSocket connections open',
      registers,
      collect() {
        this.set(ws().openConnections());
      },
    });
    // Both lag gauges come from one reading of the head and the checkpoints, taken once per scrape.
    let reading: Promise<ReturnType<ProjectionLag['lags']>> | undefined;
    const read = () =>
      (reading ??= lag.head().then((head) => {
        queueMicrotask(() => (reading = undefined));
        headPosition = head;
        return lag.lags(head);
      }));
    let headPosition = 0n;
    new Gauge({
      name: 'taizhang_log_head_position',
      help: "The log's last position",
      registers,
      async collect() {
        await read();
        this.set(Number(headPosition));
      },
    });
    new Gauge({
      name: 'taizhang_projection_lag_events',
      help: "Events between a projection's checkpoint and the log's head",
      labelNames: ['projection'],
      registers,
      async collect() {
        for (const l of await read()) this.set({ projection: l.projection }, Number(l.events));
      },
    });
    new Gauge({
      name: 'taizhang_projection_lag_seconds',
      help: 'How long the oldest event a projection has not applied has waited (0 when caught up)',
      labelNames: ['projection'],
      registers,
      async collect() {
        for (const l of await read()) this.set({ projection: l.projection }, l.seconds);
      },
    });
    for (const code of ['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED'])
      this.refusals.inc({ code }, 0);
    for (const limit of ['address', 'actor']) this.rateLimited.inc({ limit }, 0);
    for (const outcome of ['ok', 'failed']) this.appends.inc({ outcome }, 0);
    this.stops.push(
      accessLog.onRefused((code) => this.refusals.inc({ code })),
      actorLimiter.onLimited(() => this.rateLimited.inc({ limit: 'actor' })),
      addressLimiter.onLimited(() => this.rateLimited.inc({ limit: 'address' })),
    );
    if (typeof (store as Partial<Observable>).observeCommits === 'function') {
      this.stops.push((store as Observable).observeCommits((s) => this.commit(s)));
    }
  }

  private commit(stats: CommitStats): void {
    this.appends.inc({ outcome: 'ok' }, stats.appends - stats.failed);
    if (stats.failed) this.appends.inc({ outcome: 'failed' }, stats.failed);
    this.appendedEvents.inc(stats.events);
    this.groupCommit.observe(stats.appends);
    for (const s of stats.secondsPerAppend) this.appendSeconds.observe(s);
  }

  /** One GraphQL operation answered. */
  graphqlOperation(operation: string, field: string, code: string): void {
    this.graphql.inc({ operation, field, code });
  }

  /** Counts the file routes' answers (exports, imports) once each is sent. */
  countFiles(req: IncomingMessage, res: ServerResponse): void {
    const [path, query = ''] = (req.url ?? '').split('?');
    const exported = EXPORT_PATH.exec(path);
    if (req.method === 'GET' && (exported || DISCLOSURE_PATH.test(path))) {
      res.once('finish', () => {
        // Only answered kinds are labels: a made-up path must not add series.
        const known = res.statusCode < 400 && exported;
        this.exports.inc({
          kind: known ? exported[1] : exported ? 'other' : 'disclosure',
          format: known ? exported[2] : exported ? 'other' : 'html',
          status: String(res.statusCode),
        });
      });
    } else if (req.method === 'POST' && path === '/api/import') {
      const dryRun = /(^|&)dryRun=(true|1)(&|$)/.test(query);
      res.once('finish', () =>
        this.imports.inc({ dry_run: String(dryRun), status: String(res.statusCode) }),
      );
    }
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  onModuleDestroy(): void {
    for (const stop of this.stops) stop();
  }
}
