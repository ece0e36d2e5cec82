import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { UnauthenticatedError } from '../common/errors.js';
import { isRole, type Actor, type Role } from './actor.js';

const ISSUER = 'taizhang';
const ALG = 'HS256';

/**
 * The embedded case's signing key: created on first start in the data directory (mode 0600), so a
 * fresh install has working tokens with no set-up and no secret in the repository.
 */
export function loadOrCreateSigningKey(dataDir: string): Uint8Array {
  const file = join(dataDir, 'auth-hs256.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

export interface TokenRequest {
  readonly subject: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly organisation: string;
  readonly region?: string;
  /** e.g. '8h', '30m' */
  readonly ttl?: string;
}

export async function mintToken(
  key: Uint8Array,
  request: TokenRequest,
  now = new Date(),
): Promise<string> {
  return new SignJWT({
    name: request.name,
    roles: [...request.roles],
    org: request.organisation,
    ...(request.region ? { region: request.region } : {}),
  })
    .setProtectedHeader({ alg: ALG })
    .setSubject(request.subject)
    .setIssuer(ISSUER)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(request.ttl ?? '8h')
    .sign(key);
}

/** Verifies a bearer token and turns its claims into an actor; anything wrong is UNAUTHENTICATED. */
export async function verifyToken(key: Uint8Array, token: string): Promise<Actor> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: [ALG] });
    const roles = Array.isArray(payload.roles) ? payload.roles : [];
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.org !== 'string' ||
      roles.length === 0 ||
      !roles.every(isRole)
    ) {
      throw new UnauthenticatedError(
        '令牌缺少必要声明',
        'Token lacks subject, roles or organisation',
      );
    }
    return {
      id: payload.sub,
      name: typeof payload.name === 'string' ? payload.name : payload.sub,
      roles,
      organisation: payload.org,
      ...(typeof payload.region === 'string' ? { region: payload.region } : {}),
      ...(payload.exp ? { expiresAt: payload.exp } : {}),
    };
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw error;
    if (error instanceof joseErrors.JWTExpired) {
      throw new UnauthenticatedError('令牌已过期，请重新获取', 'Token expired; obtain a new one');
    }
    throw new UnauthenticatedError('令牌无效', 'Invalid token: bad signature or malformed');
  }
}

/** `Authorization: Bearer <token>` -> token, or undefined when absent. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match)
    throw new UnauthenticatedError(
      'Authorization 头格式应为 Bearer <令牌>',
      'Authorization header must be "Bearer <token>"',
    );
  return match[1];
}

export const AUTH_KEY = Symbol('AUTH_KEY');
