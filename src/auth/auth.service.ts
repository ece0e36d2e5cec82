import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from './actor.js';
import { AUTH_KEY, bearerToken, mintToken, verifyToken, type TokenRequest } from './tokens.js';

@Injectable()
export class AuthService {
  constructor(@Inject(AUTH_KEY) private readonly key: Uint8Array) {}

  /** The actor of an `Authorization` header; undefined when there is none, an error when it is bad. */
  async authenticate(authorization: unknown): Promise<Actor | undefined> {
    const token = bearerToken(authorization);
    return token === undefined ? undefined : verifyToken(this.key, token);
  }

  mint(request: TokenRequest): Promise<string> {
    return mintToken(this.key, request);
  }
}
