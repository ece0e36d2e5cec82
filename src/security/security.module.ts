import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { AccessLog } from './access-log.js';
import { AccessLogResolver } from './access-log.resolver.js';
import { AddressRateLimiter, RateLimiter } from './rate-limiter.js';
import { SchemaFileController } from './schema-file.controller.js';

/** Access log, rate limiters, the access-log query and the SDL file route. */
@Global()
@Module({
  providers: [
    {
      provide: AccessLog,
      inject: [CONFIG, CLOCK],
      // Entries are stamped with the app's clock, so their age is judged by it too.
      useFactory: (c: Config, clock: Clock) =>
        new AccessLog(c.dataDir, {
          retentionDays: c.accessLogRetentionDays,
          collapseSeconds: c.accessLogCollapseSeconds,
          now: () => clock.now(),
        }),
    },
    RateLimiter,
    AddressRateLimiter,
    AccessLogResolver,
  ],
  controllers: [SchemaFileController],
  exports: [AccessLog, RateLimiter, AddressRateLimiter],
})
export class SecurityModule implements OnApplicationShutdown {
  constructor(@Inject(AccessLog) private readonly log: AccessLog) {}

  onApplicationShutdown(): void {
    this.log.close();
  }
}
