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
import { BadInputError, UnauthenticatedError } from '../common/errors.js';
import { isRole, type Actor, type Role } from '../common/actor.js';
import { durationSeconds } from '../common/duration.js';
import { cleanText, forbiddenCharacter, regionCode } from '../common/validation.js';

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
  /** e.g. '8h', '30m', '5s'; 8h (or the cap, if lower) when absent. */
  readonly ttl?: string;
}

/** What a minted token lives by default, and the cap when none is configured (AUTH_TOKEN_MAX_TTL). */
export const DEFAULT_TTL_SECONDS = 8 * 3600;
export const DEFAULT_MAX_TTL_SECONDS = 12 * 3600;

/** '30m', '8h', '7d' -> seconds; bad ttl strings are refused rather than guessed. */
export function ttlSeconds(ttl: string): number {
  const seconds = durationSeconds(ttl);
  if (seconds === undefined) {
    throw new BadInputError(
      `ttl：格式如 30m、8h、7d（收到 ${ttl.slice(0, 20)}）`,
      `ttl: must look like 30m, 8h or 7d, got ${ttl.slice(0, 20)}`,
      { field: 'ttl' },
    );
  }
  return seconds;
}

/** The lifetime a request asks for, within the cap: a longer one is refused, never shortened. */
function lifetime(ttl: string | undefined, maxSeconds: number): number {
  if (ttl === undefined) return Math.min(DEFAULT_TTL_SECONDS, maxSeconds);
  const seconds = ttlSeconds(ttl);
  if (seconds > maxSeconds) {
    throw new BadInputError(
      `ttl：有效期 ${ttl} 超过上限 ${maxSeconds} 秒（AUTH_TOKEN_MAX_TTL）`,
      `ttl: ${ttl} is longer than the cap of ${maxSeconds} seconds (AUTH_TOKEN_MAX_TTL)`,
      { field: 'ttl', max: maxSeconds },
    );
  }
  return seconds;
}

/**
 * Mints an HS256 token with the embedded key (the `taizhang token` command, tests). Its claims
 * meet the rules a verifier applies (clean one-line text, a listed region), its lifetime the cap.
 */
export async function mintToken(
  key: Uint8Array,
  request: TokenRequest,
  now = new Date(),
  issuer = DEFAULT_ISSUER,
  maxTtlSeconds = DEFAULT_MAX_TTL_SECONDS,
): Promise<string> {
  const seconds = lifetime(request.ttl, maxTtlSeconds);
  for (const [field, value] of [
    ['sub', request.subject],
    ['name', request.name],
    ['org', request.organisation],
  ] as const) {
    cleanText(field, value, true);
  }
  if (request.region !== undefined) regionCode('region', request.region);
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    name: request.name,
    roles: [...request.roles],
    org: request.organisation,
    ...(request.region ? { region: request.region } : {}),
  })
    .setProtectedHeader({ alg: HS256 })
    .setSubject(request.subject)
    .setIssuer(issuer)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + seconds)
    .sign(key);
}

/** What a verifier needs: a key (or a key set) and the algorithms it accepts. */
export interface VerificationKey {
  readonly key: Uint8Array | KeyObject | JWTVerifyGetKey;
  readonly algorithms: readonly string[];
  readonly issuer: string;
  readonly audience?: string;
  /** The longest lifetime a token may have (AUTH_TOKEN_MAX_TTL); 12 hours when not given. */
  readonly maxLifetimeSeconds?: number;
}

/** Claims that become the actor written into events' metadata: one line of clean text each. */
const TEXT_CLAIMS = ['sub', 'name', 'org', 'region'] as const;

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
  for (const claim of TEXT_CLAIMS) {
    const value = payload[claim];
    const found = typeof value === 'string' ? forbiddenCharacter(value, true) : null;
    if (found) {
      // The actor is written into every event it makes: a claim the store would mangle is no identity.
      throw new UnauthenticatedError(
        `令牌声明 ${claim} 第 ${found.position} 个字符 ${found.codePoint} 不允许（控制字符或不成对的代理项）`,
        `Token claim ${claim} holds a character that is not allowed at ${found.position} (${found.codePoint}: a control character or an unpaired surrogate)`,
        { claim },
      );
    }
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
    const actor = actorFromClaims(payload);
    tooLong(payload, k.maxLifetimeSeconds ?? DEFAULT_MAX_TTL_SECONDS);
    return actor;
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw error;
    if (error instanceof joseErrors.JWTExpired) {
      throw new UnauthenticatedError('令牌已过期，请重新获取', 'Token expired; obtain a new one');
    }
    throw new UnauthenticatedError('令牌无效', 'Invalid token: bad signature or malformed');
  }
}

/**
 * Refuses a token that lives longer than the cap: from when it was issued (or from now, if it says
 * neither or claims a later issue) to its expiry. A token minted before the cap was lowered, or by
 * a generous identity provider, is refused rather than trusted for longer than configured.
 */
function tooLong(payload: JWTPayload, maxSeconds: number): void {
  const now = Math.floor(Date.now() / 1000);
  const from = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  if ((payload.exp as number) - from <= maxSeconds) return;
  throw new UnauthenticatedError(
    `令牌有效期超过上限（${maxSeconds} 秒，AUTH_TOKEN_MAX_TTL），请重新获取`,
    `Token lifetime exceeds the cap of ${maxSeconds} seconds (AUTH_TOKEN_MAX_TTL); obtain a new one`,
    { max: maxSeconds },
  );
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
