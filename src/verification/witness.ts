import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cosignNote,
  encodeWitnessKey,
  openCheckpoint,
  parseVerifierKey,
  publicKeyOfSeed,
  TlogError,
  verifyConsistency,
  type Checkpoint,
  type VerifierKey,
} from '../event-store/merkle/tlog.js';

/**
 * A witness (C2SP tlog-witness, in its simplest offline form): someone outside the office, say an
 * auditor, who keeps the last checkpoint of the ledger they cosigned and cosigns a newer one only
 * after checking the log's signature and a consistency proof from the old tree to the new. Two
 * checkpoints that do not extend one another (a fork shown to two audiences, a rollback) are refused,
 * so a checkpoint carrying the witness's cosignature is one the witness has seen grow honestly.
 *
 * Its directory holds three files: `witness.key` (the private key, mode 0600), `log.vkey` (the
 * ledger's verifier key it trusts) and `latest` (the last checkpoint it cosigned).
 */
const KEY_FILE = 'witness.key';
const LOG_KEY_FILE = 'log.vkey';
const LATEST_FILE = 'latest';
const COSIGNER_KEY = /^PRIVATE\+KEY\+([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/;

/** A consistency proof as `taizhang consistency-proof` writes it, or as GraphQL answers it. */
export interface ConsistencyProofFile {
  readonly fromSize: number;
  readonly toSize: number;
  readonly hashes: readonly string[];
}

/** Makes a witness directory with a new key; returns the witness's verifier key to publish. */
export function initWitness(dir: string, name: string, logVerifierKey: string): string {
  parseVerifierKey(logVerifierKey);
  if (existsSync(join(dir, KEY_FILE))) {
    throw new TlogError(`${dir} already holds a witness key; a witness keeps one key`);
  }
  mkdirSync(dir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
  const verifierKey = encodeWitnessKey(name, publicKeyOfSeed(seed));
  const keyHash = parseVerifierKey(verifierKey).keyHash.toString('hex');
  const secret = Buffer.concat([Buffer.from([0x04]), seed]).toString('base64');
  writeFileSync(join(dir, KEY_FILE), `PRIVATE+KEY+${name}+${keyHash}+${secret}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  writeFileSync(join(dir, LOG_KEY_FILE), `${logVerifierKey.trim()}\n`);
  return verifierKey;
}

function loadWitness(dir: string): {
  name: string;
  seed: Buffer;
  key: VerifierKey;
  log: VerifierKey;
} {
  const keyFile = join(dir, KEY_FILE);
  if (!existsSync(keyFile)) {
    throw new TlogError(`${dir} is not a witness directory (no ${KEY_FILE}): run witness init`);
  }
  const match = COSIGNER_KEY.exec(readFileSync(keyFile, 'utf8').trim());
  const secret = Buffer.from(match?.[3] ?? '', 'base64');
  if (!match || secret.length !== 33 || secret[0] !== 0x04) {
    throw new TlogError(`${keyFile} is not a cosignature/v1 key`);
  }
  const seed = secret.subarray(1);
  const key = parseVerifierKey(encodeWitnessKey(match[1], publicKeyOfSeed(seed)));
  if (key.keyHash.toString('hex') !== match[2])
    throw new TlogError(`${keyFile}: key hash mismatch`);
  const log = parseVerifierKey(readFileSync(join(dir, LOG_KEY_FILE), 'utf8'));
  return { name: match[1], seed, key, log };
}

/** The witness's own verifier key, read from its directory. */
export const witnessVerifierKey = (dir: string): string => {
  const { key } = loadWitness(dir);
  return encodeWitnessKey(key.name, key.publicKey);
};

/** What the witness answers for a checkpoint it was asked to cosign. */
export interface Cosigned {
  readonly note: string;
  readonly checkpoint: Checkpoint;
  /** The size of the tree the witness had cosigned before (0 the first time). */
  readonly previousSize: number;
}

/**
 * Cosigns `note` if the log signed it and it extends the last checkpoint this witness cosigned
 * (a consistency proof is needed whenever the tree grew); then remembers it. Nothing is written
 * when any check fails.
 */
export function cosign(
  dir: string,
  note: string,
  proof: ConsistencyProofFile | undefined,
  now: Date,
): Cosigned {
  const witness = loadWitness(dir);
  const checkpoint = openCheckpoint(note, witness.log);
  const latestFile = join(dir, LATEST_FILE);
  const previous = existsSync(latestFile)
    ? openCheckpoint(readFileSync(latestFile, 'utf8'), witness.log)
    : undefined;
  if (previous) {
    if (checkpoint.size < previous.size) {
      throw new TlogError(
        `回滚 / rollback: tree size ${checkpoint.size} is smaller than the ${previous.size} already cosigned`,
      );
    }
    if (checkpoint.size === previous.size && !checkpoint.root.equals(previous.root)) {
      throw new TlogError(
        `分叉 / fork: tree size ${checkpoint.size} has a root other than the one already cosigned`,
      );
    }
    if (checkpoint.size > previous.size && previous.size > 0) {
      if (!proof || proof.fromSize !== previous.size || proof.toSize !== checkpoint.size) {
        throw new TlogError(
          `需要一致性证明 / a consistency proof from ${previous.size} to ${checkpoint.size} is needed`,
        );
      }
      const hashes = proof.hashes.map((h) => Buffer.from(h, 'hex'));
      if (
        !verifyConsistency(previous.size, checkpoint.size, hashes, previous.root, checkpoint.root)
      ) {
        throw new TlogError(
          `分叉 / fork: tree ${checkpoint.size} does not extend the tree ${previous.size} already cosigned`,
        );
      }
    }
  }
  const cosigned = cosignNote(note, witness.name, witness.seed, Math.floor(now.getTime() / 1000));
  // Written aside, then renamed: a crash leaves either the old latest or the new, never half.
  writeFileSync(`${latestFile}.tmp`, cosigned);
  renameSync(`${latestFile}.tmp`, latestFile);
  return { note: cosigned, checkpoint, previousSize: previous?.size ?? 0 };
}

/** Reads a consistency proof file: ours, or a GraphQL answer `{ data: { consistencyProof } }`. */
export function parseConsistencyProof(text: string): ConsistencyProofFile {
  const value = JSON.parse(text) as
    Partial<ConsistencyProofFile> | { data?: { consistencyProof?: Partial<ConsistencyProofFile> } };
  const proof: Partial<ConsistencyProofFile> =
    'data' in value
      ? (value.data?.consistencyProof ?? {})
      : (value as Partial<ConsistencyProofFile>);
  if (
    !Number.isSafeInteger(proof.fromSize) ||
    !Number.isSafeInteger(proof.toSize) ||
    !Array.isArray(proof.hashes) ||
    !proof.hashes.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))
  ) {
    throw new TlogError('not a consistency proof: fromSize, toSize and hex hashes expected');
  }
  return { fromSize: proof.fromSize!, toSize: proof.toSize!, hashes: proof.hashes };
}
