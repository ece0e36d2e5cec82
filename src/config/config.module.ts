import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CLOCK, systemClock, type Clock } from '../common/clock.js';
import { CONFIG, type Config } from './config.js';

/** The settings the app started with, and the clock every edge stamps time with. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config, clock: Clock = systemClock): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
      ],
      exports: [CONFIG, CLOCK],
    };
  }
}
