import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ReactorRunner } from '../projections/reactors.js';
import { AppModule, type AppOptions } from './app.module.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { CLOCK } from './common/clock.js';
import { AccessLog } from './security/access-log.js';
import { addressLimit, clientAddressScope } from './security/address-limit.js';
import { httpErrorsAsJson } from './edge/http-errors.js';
import { AddressRateLimiter } from './security/rate-limiter.js';
import type { Logger } from 'pino';
import { exceptProbes, Lifecycle } from './ops/lifecycle.js';
import { consoleToLogger, createLogger, PinoNestLogger, requestLogging } from './ops/logging.js';
import { Metrics } from './ops/metrics.js';
import { stopOnSignals } from './ops/shutdown.js';

export interface ServeOptions extends AppOptions {
  /** The process's logger (serve): Nest's messages and one line per request go through it. */
  readonly logger?: Logger;
}

export async function createApp(
  config: Config,
  options: ServeOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    logger: options.logger ? new PinoNestLogger(options.logger) : ['error', 'warn'],
    bodyParser: true,
  });
  if (options.logger) app.use(requestLogging(options.logger));
  // Before anything else: at shutdown it answers new requests 503 and counts those in progress.
  app.use(app.get(Lifecycle).gate);
  const metrics = app.get(Metrics);
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    metrics.countFiles(req, res);
    next();
  });
  // The per-address limit comes before the body, the token and the query are read (docs/security.md);
  // the probes are outside it, so a flood from one address cannot make the instance look dead.
  app.use(
    exceptProbes(
      addressLimit({
        limiter: app.get(AddressRateLimiter),
        accessLog: app.get(AccessLog),
        clock: app.get(CLOCK),
      }),
    ),
  );
  // Request body limit (BODY_LIMIT_BYTES, 1 MiB): larger bodies get 413 with a JSON error, and the
  // parser's other failures (broken JSON) a JSON error too, never Express's HTML page with a stack.
  app.useBodyParser('json', { limit: config.limits.bodyLimitBytes });
  app.use(clientAddressScope);
  app.use(httpErrorsAsJson);
  // Signals are handled by `serve` (src/ops/shutdown.ts): a graceful stop, not just the hooks.
  await app.init();
  app.get(ReactorRunner).start();
  return app;
}

export async function serve(config: Config): Promise<INestApplication> {
  const logger = createLogger(config.ops);
  consoleToLogger(logger);
  const app = await createApp(config, { logger });
  await app.listen(config.port, config.host);
  stopOnSignals(app, logger, config.ops.shutdownTimeoutMs);
  console.log(
    `台账 Taizhang 已启动 / listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/graphql (store: ${config.eventStore}, data: ${config.dataDir})`,
  );
  return app;
}

if (require.main === module) {
  try {
    void serve(loadConfig()).catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
