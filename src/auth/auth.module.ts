import { Global, Module } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { AuthService } from './auth.service.js';
import { AUTH_KEY, loadOrCreateSigningKey } from './tokens.js';

@Global()
@Module({
  providers: [
    {
      provide: AUTH_KEY,
      inject: [CONFIG],
      useFactory: (config: Config) => loadOrCreateSigningKey(config.dataDir),
    },
    AuthService,
  ],
  exports: [AuthService, AUTH_KEY],
})
export class AuthModule {}
