import { Global, Module } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { AuthService } from './auth.service.js';
import { loadTokenKeys } from './token-keys.js';
import { AUTH_KEY } from './tokens.js';

@Global()
@Module({
  providers: [
    { provide: AUTH_KEY, inject: [CONFIG], useFactory: (config: Config) => loadTokenKeys(config) },
    AuthService,
  ],
  exports: [AuthService, AUTH_KEY],
})
export class AuthModule {}
