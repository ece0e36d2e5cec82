import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type CheckpointConfig } from '../../config/config.js';
import {
  checkpointText,
  encodeVerifierKey,
  parseVerifierKey,
  publicKeyOfSeed,
  signNote,
} from './tlog.js';

/** The file the embedded case keeps its checkpoint signing key in, beside the event store. */
export const CHECKPOINT_KEY_FILE = 'checkpoint.key';

/**
 * Signs the ledger's checkpoints with one Ed25519 key in golang.org/x/mod/sumdb/note's text form
 * (`PRIVATE+KEY+name+hash+base64(0x01 || seed)`), so Go's note tools read the same key. The key's
 * name is the log's origin line.
 */
export class CheckpointSigner {
  private constructor(
    readonly origin: string,
    private readonly seed: Buffer,
    /** What auditors keep to check checkpoints: `name+hash+base64(0x01 || public key)`. */
    readonly verifierKey: string,
  ) {}

  static fromText(text: string): CheckpointSigner {
    const match = /^PRIVATE\+KEY\+([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
    const key = Buffer.from(match?.[3] ?? '', 'base64');
    if (!match || key.length !== 33 || key[0] !== 0x01) {
      throw new ConfigError(
        '检查点签名密钥格式无效 / invalid checkpoint signing key: expected PRIVATE+KEY+name+hash+base64 (an Ed25519 note signer key)',
      );
    }
    const seed = key.subarray(1);
    const verifierKey = encodeVerifierKey(match[1], publicKeyOfSeed(seed));
    if (parseVerifierKey(verifierKey).keyHash.toString('hex') !== match[2]) {
      throw new ConfigError(
        '检查点签名密钥的哈希不符 / the checkpoint signing key hash does not match its key',
      );
    }
    return new CheckpointSigner(match[1], seed, verifierKey);
  }

  /** The configured key (CHECKPOINT_KEY or CHECKPOINT_KEY_FILE), else the data directory's, made once. */
  static load(config: CheckpointConfig, dataDir: string): CheckpointSigner {
    if (config.key) return CheckpointSigner.fromText(config.key);
    if (config.keyFile) return CheckpointSigner.fromText(readFileSync(config.keyFile, 'utf8'));
    const file = join(dataDir, CHECKPOINT_KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
      const hash = parseVerifierKey(
        encodeVerifierKey(config.origin, publicKeyOfSeed(seed)),
      ).keyHash;
      const text = `PRIVATE+KEY+${config.origin}+${hash.toString('hex')}+${Buffer.concat([Buffer.from([1]), seed]).toString('base64')}\n`;
      // 'wx': two processes starting at once must not each write a key and sign with different ones.
      try {
        writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return CheckpointSigner.fromText(readFileSync(file, 'utf8'));
  }

  /** The signed checkpoint (C2SP tlog-checkpoint) of the tree of `size` leaves with `root`. */
  sign(size: number, root: Buffer): string {
    return signNote(checkpointText({ origin: this.origin, size, root }), this.origin, this.seed);
  }
}
