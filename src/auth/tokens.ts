import { randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { UnauthenticatedError } from '../common/errors.js';
import { isRole, type Actor, type Role } from '../common/actor.js';

export const DEFAULT_ISSUER = 'taizhang';
const HS256 = 'HS256';

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
  /** Administrative-division code of a city government's region. */
  readonly region?: string;
  /** e.g. '8h', '30m', '5s' */
  readonly ttl?: string;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** '30m', '8h', '7d' -> seconds; BAD ttl strings are refused rather than guessed. */
export function ttlSeconds(ttl: string): number {
  const match = /^(\d{1,6})\s*([smhd])$/.exec(ttl.trim());
  if (!match) throw new Error(`ttl must look like 30m, 8h or 7d, got ${ttl}`);
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

/** Mints an HS256 token with the embedded key (the `taizhang token` command, tests). */
export async function mintToken(
  key: Uint8Array,
  request: TokenRequest,
  now = new Date(),
  issuer = DEFAULT_ISSUER,
): Promise<string> {
  return new SignJWT({
    name: request.name,
    roles: [...request.roles],
    org: request.organisation,
    ...(request.region ? { region: request.region } : {}),
  })
    .setProtectedHeader({ alg: HS256 })
    .setSubject(request.subject)
    .setIssuer(issuer)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(now.getTime() / 1000) + ttlSeconds(request.ttl ?? '8h'))
    .sign(key);
}

/** What a verifier needs: a key (or a key set) and the algorithms it accepts. */
export interface VerificationKey {
  readonly key: Uint8Array | KeyObject | JWTVerifyGetKey;
  readonly algorithms: readonly string[];
  readonly issuer: string;
  readonly audience?: string;
}

/** The claims every token must carry, turned into the actor recorded in events. */
export function actorFromClaims(payload: JWTPayload): Actor {
  const roles = Array.isArray(payload.roles) ? (payload.roles as unknown[]) : [];
  const name = typeof payload.name === 'string' ? payload.name : payload.sub;
  if (
    typeof payload.sub !== 'string' ||
    payload.sub.length === 0 ||
    payload.sub.length > 200 ||
    typeof payload.org !== 'string' ||
    payload.org.length === 0 ||
    payload.org.length > 200 ||
    (name !== undefined && name.length > 200) ||
    roles.length === 0 ||
    !roles.every(isRole) ||
    typeof payload.exp !== 'number'
  ) {
    throw new UnauthenticatedError(
      '令牌缺少必要声明（sub、roles、org、exp）',
      'Token lacks subject, roles, organisation or expiry (sub, roles, org, exp)',
    );
  }
  if (
    roles.includes('CITY_GOVERNMENT') &&
    !(typeof payload.region === 'string' && payload.region)
  ) {
    // A city government acts only within its region; without one its token could sign nothing.
    throw new UnauthenticatedError(
      '市级政府令牌须含 region（行政区划代码）',
      'A CITY_GOVERNMENT token must carry region (administrative-division code)',
    );
  }
  return {
    id: payload.sub,
    name: name ?? payload.sub,
    roles: roles as Role[],
    organisation: payload.org,
    ...(typeof payload.region === 'string' && payload.region ? { region: payload.region } : {}),
    expiresAt: payload.exp,
  };
}

/** Verifies a bearer token and turns its claims into an actor; anything wrong is UNAUTHENTICATED. */
export async function verifyToken(
  key: Uint8Array | VerificationKey,
  token: string,
): Promise<Actor> {
  const k: VerificationKey =
    key instanceof Uint8Array ? { key, algorithms: [HS256], issuer: DEFAULT_ISSUER } : key;
  try {
    const options = {
      issuer: k.issuer,
      audience: k.audience,
      algorithms: [...k.algorithms],
      requiredClaims: ['exp', 'sub'],
    };
    const { payload } =
      typeof k.key === 'function'
        ? await jwtVerify(token, k.key, options)
        : await jwtVerify(token, k.key as Uint8Array, options);
    return actorFromClaims(payload);
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
  if (header === undefined || header === null || header === '') return undefined;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  if (!match)
    throw new UnauthenticatedError(
      'Authorization 头格式应为 Bearer <令牌>',
      'Authorization header must be "Bearer <token>"',
    );
  return match[1];
}

export const AUTH_KEY = Symbol('AUTH_KEY');
