import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
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
      verification: { key, algorithms: [algorithmOf(key, publicKeyFile)], issuer, audience },
    };
  }
  if (jwksFile) {
    let set: JSONWebKeySet;
    try {
      set = JSON.parse(readFileSync(jwksFile, 'utf8')) as JSONWebKeySet;
      if (!Array.isArray(set.keys) || set.keys.length === 0) throw new Error('no keys');
    } catch {
      throw new ConfigError(
        `AUTH_JWKS_FILE 不是有效的 JWKS / ${jwksFile}: expected JSON {"keys": [...]} with at least one key`,
      );
    }
    return {
      mode: 'jwks',
      verification: { key: createLocalJWKSet(set), algorithms: JWKS_ALGORITHMS, issuer, audience },
    };
  }
  const signingKey = loadOrCreateSigningKey(config.dataDir);
  return {
    mode: 'embedded',
    signingKey,
    verification: { key: signingKey, algorithms: ['HS256'], issuer, audience },
  };
}
