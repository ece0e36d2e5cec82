import { Inject, Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '../common/errors.js';
import type { Actor } from '../common/actor.js';
import type { TokenKeys } from './token-keys.js';
import { AUTH_KEY, bearerToken, mintToken, verifyToken, type TokenRequest } from './tokens.js';

@Injectable()
export class AuthService {
  constructor(@Inject(AUTH_KEY) private readonly keys: TokenKeys) {}

  /** The actor of an `Authorization` header; undefined when there is none, an error when it is bad. */
  async authenticate(authorization: unknown): Promise<Actor | undefined> {
    const token = bearerToken(authorization);
    return token === undefined ? undefined : this.verify(token);
  }

  verify(token: string): Promise<Actor> {
    return verifyToken(this.keys.verification, token);
  }

  mint(request: TokenRequest): Promise<string> {
    if (!this.keys.signingKey) {
      throw new UnauthenticatedError(
        '已配置外部身份提供方：令牌由其签发',
        'Tokens are issued by the configured identity provider, not by this server',
      );
    }
    return mintToken(this.keys.signingKey, request, new Date(), this.keys.verification.issuer);
  }
}
