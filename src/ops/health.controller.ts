import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { ServerResponse } from 'node:http';
import type { TokenKeys } from '../auth/token-keys.js';
import { AUTH_KEY } from '../auth/tokens.js';
import { CONFIG, type Config } from '../config/config.js';
import { openCheckpoint, parseVerifierKey } from '../event-store/merkle/tlog.js';
import { LEDGER_TREE, type LedgerTree } from '../verification/api/ledger-tree.js';
import { Lifecycle } from './lifecycle.js';
import { ProjectionLag } from './projection-lag.js';

/** How long the store may take to say where its head is before /readyz calls it down. */
const STORE_TIMEOUT_MS = 2000;

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);

/**
 * Kubernetes-style probes over plain HTTP, without a token (controllers are outside the GraphQL
 * guard) and outside the per-address rate limit (main.ts): `/healthz`, the process lives;
 * `/readyz`, it can serve: the store answers, every projection is within READY_MAX_LAG_EVENTS of
 * the log's head, the signing keys are loaded and sign, and it is not shutting down. 200 when all
 * hold, 503 naming what does not, in @nestjs/terminus's shape (`status`, `info`, `error`, `details`).
 */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly lag: ProjectionLag,
    private readonly lifecycle: Lifecycle,
    @Inject(LEDGER_TREE) private readonly ledger: LedgerTree,
    @Inject(AUTH_KEY) private readonly tokenKeys: TokenKeys,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('healthz')
  @HealthCheck()
  liveness(@Res() res: ServerResponse): Promise<void> {
    return this.answer(res, () => this.health.check([() => this.indicator.check('process').up()]));
  }

  @Get('readyz')
  @HealthCheck()
  readiness(@Res() res: ServerResponse): Promise<void> {
    return this.answer(res, () =>
      this.health.check([
        () => this.serving(),
        () => this.storeAndProjections(),
        () => this.signingKeys(),
      ]),
    );
  }

  private serving() {
    const check = this.indicator.check('serving');
    return this.lifecycle.isDraining ? check.down({ shuttingDown: true }) : check.up();
  }

  private async storeAndProjections() {
    const store = this.indicator.check('eventStore');
    const projections = this.indicator.check('projections');
    let head: bigint;
    try {
      head = await within(this.lag.head(), STORE_TIMEOUT_MS);
    } catch (error) {
      return {
        ...store.down({ message: (error as Error).message }),
        ...projections.down({ message: 'the store did not answer' }),
      };
    }
    const max = this.config.ops.readyMaxLagEvents;
    const lags = this.lag.lags(head);
    const behind = Object.fromEntries(
      lags.map((l) => [l.projection, { position: Number(l.position), lag: Number(l.events) }]),
    );
    const late = lags.filter((l) => l.events > BigInt(max));
    return {
      ...store.up({ head: Number(head) }),
      ...(late.length
        ? projections.down({ maxLagEvents: max, behind: late.map((l) => l.projection), ...behind })
        : projections.up({ maxLagEvents: max, ...behind })),
    };
  }

  /** The checkpoint key signs, and what it signs checks with its verifier key; tokens can be verified. */
  private signingKeys() {
    const check = this.indicator.check('signingKeys');
    try {
      const { note, verifierKey } = this.ledger.checkpoint(0);
      openCheckpoint(note, parseVerifierKey(verifierKey));
      if (!this.tokenKeys.verification.key) throw new Error('no token verification key');
      return check.up({ checkpointKey: this.ledger.signer.origin, tokens: this.tokenKeys.mode });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  /** Terminus throws 503 with its body; the app's error filter would make that a 500, so answer here. */
  private async answer(res: ServerResponse, run: () => Promise<object>): Promise<void> {
    let status = 200;
    let body: unknown;
    try {
      body = await run();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      status = 503;
      body = error.getResponse();
    }
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(body));
  }
}
