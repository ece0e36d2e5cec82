import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ReactorRunner } from '../projections/reactors.js';
import { AppModule, type AppOptions } from './app.module.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { CLOCK } from './common/clock.js';
import { AccessLog } from './security/access-log.js';
import { addressLimit, clientAddressScope } from './security/address-limit.js';
import { httpErrorsAsJson } from './edge/http-errors.js';
import { AddressRateLimiter } from './security/rate-limiter.js';

export async function createApp(
  config: Config,
  options: AppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    logger: ['error', 'warn'],
    bodyParser: true,
  });
  // The per-address limit comes before the body, the token and the query are read (docs/security.md).
  app.use(
    addressLimit({
      limiter: app.get(AddressRateLimiter),
      accessLog: app.get(AccessLog),
      clock: app.get(CLOCK),
    }),
  );
  // Request body limit (BODY_LIMIT_BYTES, 1 MiB): larger bodies get 413 with a JSON error, and the
  // parser's other failures (broken JSON) a JSON error too, never Express's HTML page with a stack.
  app.useBodyParser('json', { limit: config.limits.bodyLimitBytes });
  app.use(clientAddressScope);
  app.use(httpErrorsAsJson);
  app.enableShutdownHooks();
  await app.init();
  app.get(ReactorRunner).start();
  return app;
}

export async function serve(config: Config): Promise<INestApplication> {
  const app = await createApp(config);
  await app.listen(config.port, config.host);
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
