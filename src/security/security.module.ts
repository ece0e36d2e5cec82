import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { AccessLog } from './access-log.js';
import { AccessLogResolver } from './access-log.resolver.js';
import { RateLimiter } from './rate-limiter.js';
import { SchemaFileController } from './schema-file.controller.js';

/** Access log, rate limiter, the access-log query and the SDL file route. */
@Global()
@Module({
  providers: [
    {
      provide: AccessLog,
      inject: [CONFIG],
      useFactory: (c: Config) =>
        new AccessLog(c.dataDir, { retentionDays: c.accessLogRetentionDays }),
    },
    RateLimiter,
    AccessLogResolver,
  ],
  controllers: [SchemaFileController],
  exports: [AccessLog, RateLimiter],
})
export class SecurityModule implements OnApplicationShutdown {
  constructor(@Inject(AccessLog) private readonly log: AccessLog) {}

  onApplicationShutdown(): void {
    this.log.close();
  }
}
