import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { ConfigError, type Config } from '../config/config.js';
import { loadOrCreateSigningKey, type VerificationKey } from './tokens.js';

/** Asymmetric algorithms accepted from an identity provider's key set. */
const JWKS_ALGORITHMS = ['EdDSA', 'RS256', 'ES256'];

/**
 * Where tokens come from. Embedded: an HS256 key in the data directory, so this process can also
 * mint tokens. Production: the identity provider's public key (PEM) or key set (JWKS file); this
 * process verifies only and holds no signing secret.
 */
export interface TokenKeys {
  readonly mode: 'embedded' | 'public-key' | 'jwks';
  readonly verification: VerificationKey;
  /** The HS256 secret, only in embedded mode. */
  readonly signingKey?: Uint8Array;
}

function algorithmOf(key: KeyObject, file: string): string {
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return 'EdDSA';
    case 'rsa':
      return 'RS256';
    case 'ec':
      return 'ES256';
    default:
      throw new ConfigError(
        `AUTH_PUBLIC_KEY_FILE 密钥类型不支持 / ${file}: unsupported key type ${key.asymmetricKeyType}; use Ed25519 or RSA`,
      );
  }
}

export function loadTokenKeys(config: Pick<Config, 'auth' | 'dataDir'>): TokenKeys {
  const { issuer, audience, publicKeyFile, jwksFile } = config.auth;
  const maxLifetimeSeconds = config.auth.maxTokenTtlSeconds;
  if (publicKeyFile) {
    let key: KeyObject;
    try {
      key = createPublicKey(readFileSync(publicKeyFile, 'utf8'));
    } catch {
      throw new ConfigError(
        `AUTH_PUBLIC_KEY_FILE 无法读取为 PEM 公钥 / ${publicKeyFile}: not a PEM public key`,
      );
    }
    return {
      mode: 'public-key',
      verification: {
        key,
        algorithms: [algorithmOf(key, publicKeyFile)],
        issuer,
        audience,
        maxLifetimeSeconds,
      },
    };
  }
  if (jwksFile) {
    const set = readKeySet(jwksFile);
    if (!set) {
      throw new ConfigError(
        `AUTH_JWKS_FILE 不是有效的 JWKS / ${jwksFile}: expected JSON {"keys": [...]} with at least one key`,
      );
    }
    return {
      mode: 'jwks',
      verification: {
        key: reloadingKeySet(jwksFile, set),
        algorithms: JWKS_ALGORITHMS,
        issuer,
        audience,
        maxLifetimeSeconds,
      },
    };
  }
  const signingKey = loadOrCreateSigningKey(config.dataDir);
  return {
    mode: 'embedded',
    signingKey,
    verification: { key: signingKey, algorithms: ['HS256'], issuer, audience, maxLifetimeSeconds },
  };
}

/** The key set in `file`, or undefined when it is missing or not a JWKS with at least one key. */
function readKeySet(file: string): JSONWebKeySet | undefined {
  try {
    const set = JSON.parse(readFileSync(file, 'utf8')) as JSONWebKeySet;
    return Array.isArray(set.keys) && set.keys.length > 0 ? set : undefined;
  } catch {
    return undefined;
  }
}

const modifiedAt = (file: string): number | undefined => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

/** How often a verification may look at the key set file for changes. */
export const JWKS_RECHECK_MS = 5000;

/**
 * The key set of AUTH_JWKS_FILE, followed as the identity provider rotates its keys: the file is
 * looked at again at most every few seconds, and at once when a token names a key that is not in the
 * set, so a new key is accepted and a withdrawn one refused without a restart. A replacement that is
 * not a valid key set is reported and ignored; the keys in use stay.
 */
export function reloadingKeySet(
  file: string,
  initial: JSONWebKeySet,
  now: () => number = Date.now,
): JWTVerifyGetKey {
  let getKey = createLocalJWKSet(initial);
  let loadedAt = modifiedAt(file);
  let checkedAt = now();
  const refresh = (): boolean => {
    checkedAt = now();
    const modified = modifiedAt(file);
    if (modified === undefined || modified === loadedAt) return false;
    loadedAt = modified;
    const set = readKeySet(file);
    if (!set) {
      console.error(
        `[auth] AUTH_JWKS_FILE 已更改但不是有效的 JWKS，继续使用原有密钥 / ${file} changed but is not a valid key set; keeping the keys in use`,
      );
      return false;
    }
    getKey = createLocalJWKSet(set);
    return true;
  };
  return async (header, token) => {
    if (now() - checkedAt >= JWKS_RECHECK_MS) refresh();
    try {
      return await getKey(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !refresh()) throw error;
      return getKey(header, token);
    }
  };
}
