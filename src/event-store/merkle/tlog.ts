/**
 * The whole of what an auditor needs to check Taizhang's ledger offline, in one file that imports
 * nothing but Node's own modules (lint keeps it so): read it top to bottom in one sitting.
 *
 * 1. The Merkle tree of RFC 9162 section 2.1 over every event in ledger order. A leaf is the event's
 *    stored hash (32 bytes, the SHA-256 of its RFC 8785 canonical JSON): leaf hash =
 *    SHA-256(0x00 || leaf), interior node = SHA-256(0x01 || left || right).
 * 2. Inclusion and consistency proof verification, as the RFC's sections 2.1.3.2 and 2.1.4.2 write it.
 * 3. Signed notes (C2SP signed-note, as golang.org/x/mod/sumdb/note) with Ed25519 keys, and the
 *    checkpoint they carry (C2SP tlog-checkpoint): origin line, tree size, base64 root hash.
 * 4. Cosignatures (C2SP tlog-cosignature, cosignature/v1): a witness's timestamped Ed25519 signature
 *    on a checkpoint, saying the witness saw that tree and that it extends every tree it saw before.
 * 5. The proof bundle that `taizhang proof` writes and `taizhang verify-bundle` checks.
 *
 * Sizes and indexes are plain numbers: exact up to 2^53 leaves, far beyond any ledger.
 */
import { createPrivateKey, createPublicKey, hash, sign, verify } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

/** A proof, note or bundle that does not hold; the message says which check failed. */
export class TlogError extends Error {
  override name = 'TlogError';
}

// One-shot hashing: two hashes per appended event, and a million per verify of a large ledger.
const sha256 = (...parts: Uint8Array[]): Buffer => hash('sha256', Buffer.concat(parts), 'buffer');
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** RFC 9162 MTH of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = sha256();
export const leafHash = (leaf: Uint8Array): Buffer => sha256(LEAF_PREFIX, leaf);
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer =>
  sha256(NODE_PREFIX, left, right);

/** The leaf hash of an event: its stored hash (64 hex digits) taken as its 32 bytes. */
export function eventLeafHash(eventHashHex: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(eventHashHex))
    throw new TlogError(`not an event hash: ${eventHashHex}`);
  return leafHash(Buffer.from(eventHashHex, 'hex'));
}

/**
 * The tree built one leaf at a time, keeping only the roots of its perfect subtrees (at most one per
 * bit of the size): O(log n) memory and, amortised, two hashes per leaf.
 */
export class TreeBuilder {
  private readonly peaks: { hash: Buffer; leaves: number }[] = [];
  size = 0;

  /** `hashNode` is `nodeHash`, or the same function computed another way (the append path's). */
  constructor(private readonly hashNode: (left: Buffer, right: Buffer) => Buffer = nodeHash) {}

  /** A builder holding `size` leaves, resumed from its perfect subtrees' hashes, largest first. */
  static resume(size: number, peaks: readonly Buffer[], hashNode = nodeHash): TreeBuilder {
    const tree = new TreeBuilder(hashNode);
    let rest = size;
    for (const hash of peaks) {
      let leaves = 1;
      while (leaves * 2 <= rest) leaves *= 2;
      tree.peaks.push({ hash, leaves });
      rest -= leaves;
    }
    if (rest !== 0)
      throw new TlogError(`${peaks.length} subtree hashes cannot make a tree of ${size}`);
    tree.size = size;
    return tree;
  }

  /** Adds a leaf hash; returns the perfect subtrees it completed, lowest first (the stored nodes). */
  push(hash: Buffer): Buffer[] {
    const completed: Buffer[] = [];
    let top = { hash, leaves: 1 };
    while (this.peaks.length && this.peaks[this.peaks.length - 1].leaves === top.leaves) {
      const left = this.peaks.pop()!;
      top = { hash: this.hashNode(left.hash, top.hash), leaves: top.leaves * 2 };
      completed.push(top.hash);
    }
    this.peaks.push(top);
    this.size++;
    return completed;
  }

  root(): Buffer {
    if (this.peaks.length === 0) return EMPTY_ROOT;
    let root = this.peaks[this.peaks.length - 1].hash;
    for (let i = this.peaks.length - 2; i >= 0; i--) root = this.hashNode(this.peaks[i].hash, root);
    return root;
  }
}

export function rootOf(leafHashes: Iterable<Buffer>): Buffer {
  const tree = new TreeBuilder();
  for (const hash of leafHashes) tree.push(hash);
  return tree.root();
}

const half = (n: number): number => Math.floor(n / 2);
const odd = (n: number): boolean => n % 2 === 1;

/** RFC 9162 section 2.1.3.2: does `proof` place `leaf` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && Buffer.from(r).equals(root);
}

/** RFC 9162 section 2.1.4.2: is the tree of `size2` with `root2` an extension of `size1`'s `root1`? */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!(size1 >= 0 && size1 <= size2)) return false;
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(root2);
  // Every tree extends the empty one; RFC 9162 proves nothing about it, so nothing is sent.
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  // A first tree that is one perfect subtree is its own first proof element.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr: Uint8Array = path[0];
  let sr: Uint8Array = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && Buffer.from(fr).equals(root1) && Buffer.from(sr).equals(root2);
}

function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}

// ---- signed notes (C2SP signed-note) ------------------------------------------------------------

const ALG_ED25519 = 0x01;
/** The signed-note algorithm byte of an Ed25519 cosignature/v1 key (C2SP tlog-cosignature). */
const ALG_COSIGNATURE_V1 = 0x04;
type KeyAlgorithm = typeof ALG_ED25519 | typeof ALG_COSIGNATURE_V1;
const SIGNATURE_DASH = '\u2014'; // "—", as every signature line starts
// DER wrappers that turn raw Ed25519 key bytes into the key objects node:crypto takes.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export interface VerifierKey {
  readonly name: string;
  /** The first four bytes of SHA-256(name || "\n" || algorithm || public key): names the key in a signature. */
  readonly keyHash: Buffer;
  readonly publicKey: Buffer;
  /** 0x01: a log's note signer (checkpoints); 0x04: a witness's cosigner (cosignature/v1). */
  readonly algorithm: KeyAlgorithm;
}

const keyHashOf = (name: string, publicKey: Uint8Array, algorithm: KeyAlgorithm = ALG_ED25519) =>
  sha256(Buffer.from(`${name}\n`), Buffer.from([algorithm]), publicKey).subarray(0, 4);

const validName = (name: string): boolean => name !== '' && !/[\s+]/u.test(name);

/** `name+keyhash+base64(algorithm || public key)`: the text an auditor keeps and passes around. */
export function encodeVerifierKey(
  name: string,
  publicKey: Uint8Array,
  algorithm: KeyAlgorithm = ALG_ED25519,
): string {
  if (!validName(name)) throw new TlogError(`a key name has no spaces or "+": ${name}`);
  const key = Buffer.concat([Buffer.from([algorithm]), publicKey]).toString('base64');
  return `${name}+${keyHashOf(name, publicKey, algorithm).toString('hex')}+${key}`;
}

/** A witness's verifier key: the same text form, with the cosignature/v1 algorithm byte 0x04. */
export const encodeWitnessKey = (name: string, publicKey: Uint8Array): string =>
  encodeVerifierKey(name, publicKey, ALG_COSIGNATURE_V1);

export function parseVerifierKey(text: string): VerifierKey {
  // name+hash+key, where the base64 key may itself hold "+".
  const [, name = '', hashHex = '', keyBase64 = ''] =
    /^([^+]*)\+([^+]*)\+(.*)$/.exec(text.trim()) ?? [];
  const key = Buffer.from(keyBase64, 'base64');
  const publicKey = key.subarray(1);
  const algorithm = key[0];
  if (
    key.toString('base64') !== keyBase64 ||
    !validName(name) ||
    !/^[0-9a-f]{8}$/.test(hashHex) ||
    key.length !== 33 ||
    (algorithm !== ALG_ED25519 && algorithm !== ALG_COSIGNATURE_V1) ||
    !keyHashOf(name, publicKey, algorithm).equals(Buffer.from(hashHex, 'hex'))
  ) {
    throw new TlogError(`not an Ed25519 note verifier key (name+hash+key): ${text.trim()}`);
  }
  return { name, keyHash: keyHashOf(name, publicKey, algorithm), publicKey, algorithm };
}

const privateKeyOf = (seed: Uint8Array) =>
  createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });

/** The raw 32-byte Ed25519 public key of a private key's 32-byte seed. */
export const publicKeyOfSeed = (seed: Uint8Array): Buffer =>
  createPublicKey(privateKeyOf(seed)).export({ format: 'der', type: 'spki' }).subarray(-32);

/** The note `text` (ending in a newline) with one signature line by the key of `seed`. */
export function signNote(text: string, name: string, seed: Uint8Array): string {
  if (!text.endsWith('\n') || text.includes('\n\n')) {
    throw new TlogError('a note text ends with a newline and has no blank line');
  }
  const signature = sign(null, Buffer.from(text), privateKeyOf(seed));
  const blob = Buffer.concat([keyHashOf(name, publicKeyOfSeed(seed)), signature]).toString(
    'base64',
  );
  return `${text}\n${SIGNATURE_DASH} ${name} ${blob}\n`;
}

/** A note's text and its signature lines, as written. */
function splitNote(signed: string): { text: string; signatures: string[] } {
  // A note copied out of a page or a mail often gains trailing blank lines or CRs; they are not signed.
  const note = signed.replace(/\r\n/g, '\n').trimEnd() + '\n';
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new TlogError('not a signed note: no blank line before the signatures');
  return {
    text: note.slice(0, split + 1),
    signatures: note
      .slice(split + 2)
      .trimEnd()
      .split('\n'),
  };
}

/** The signature blob (key hash, then the rest) of `key`'s line, or undefined when it has none. */
function signatureBy(signatures: readonly string[], key: VerifierKey): Buffer | undefined {
  for (const line of signatures) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    if (!match || match[1] !== key.name) continue;
    const blob = Buffer.from(match[2], 'base64');
    if (blob.length >= 4 && blob.subarray(0, 4).equals(key.keyHash)) return blob.subarray(4);
  }
  return undefined;
}

const verifies = (message: string, key: VerifierKey, signature: Uint8Array): boolean =>
  signature.length === 64 &&
  verify(
    null,
    Buffer.from(message),
    createPublicKey({
      key: Buffer.concat([SPKI_ED25519, key.publicKey]),
      format: 'der',
      type: 'spki',
    }),
    signature,
  );

const noSignature = (key: VerifierKey, what: string): TlogError =>
  new TlogError(`the note carries no ${what} by ${key.name}+${key.keyHash.toString('hex')}`);

/** The text of a note that `key` signed; throws when no signature line of that key verifies. */
export function openNote(signed: string, key: VerifierKey): string {
  if (key.algorithm !== ALG_ED25519) throw new TlogError(`${key.name} is not a log's note key`);
  const { text, signatures } = splitNote(signed);
  const signature = signatureBy(signatures, key);
  if (!signature) throw noSignature(key, 'signature');
  if (verifies(text, key, signature)) return text;
  throw new TlogError(`the signature of ${key.name} does not verify: the note was altered`);
}

// ---- checkpoints (C2SP tlog-checkpoint) ---------------------------------------------------------

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
}

export const checkpointText = (c: Checkpoint): string =>
  `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;

/** Opens a signed checkpoint with `key`; its origin must be the key's name, as the spec advises. */
export function openCheckpoint(note: string, key: VerifierKey): Checkpoint {
  const [origin, size, root] = openNote(note, key).split('\n');
  const rootBytes = Buffer.from(root ?? '', 'base64');
  if (origin !== key.name || !/^(0|[1-9][0-9]*)$/.test(size ?? '') || rootBytes.length !== 32) {
    throw new TlogError('not a checkpoint of this log: origin, tree size and root hash expected');
  }
  return { origin, size: Number(size), root: rootBytes };
}

// ---- cosignatures (C2SP tlog-cosignature, cosignature/v1) --------------------------------------

/** What a witness signs: a header, the time, then the checkpoint's whole note text. */
const cosignedMessage = (text: string, timestamp: number): string =>
  `cosignature/v1\ntime ${timestamp}\n${text}`;

/**
 * The signed note with the witness's cosignature line added: an Ed25519 signature, made at
 * `timestamp` (seconds since the epoch), over the note's text. The caller has checked, before
 * signing, that this checkpoint extends the last one the witness cosigned.
 */
export function cosignNote(signed: string, name: string, seed: Uint8Array, timestamp: number) {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new TlogError(`not a timestamp: ${timestamp}`);
  const { text, signatures } = splitNote(signed);
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  const signature = sign(null, Buffer.from(cosignedMessage(text, timestamp)), privateKeyOf(seed));
  const keyHash = keyHashOf(name, publicKeyOfSeed(seed), ALG_COSIGNATURE_V1);
  const line = `${SIGNATURE_DASH} ${name} ${Buffer.concat([keyHash, time, signature]).toString('base64')}`;
  return `${text}\n${[...signatures, line].join('\n')}\n`;
}

/** The time a witness (`key`, algorithm 0x04) cosigned the note; throws when it did not. */
export function openCosignature(signed: string, key: VerifierKey): number {
  if (key.algorithm !== ALG_COSIGNATURE_V1)
    throw new TlogError(`${key.name} is not a witness (cosignature/v1) key`);
  const { text, signatures } = splitNote(signed);
  const blob = signatureBy(signatures, key);
  if (!blob || blob.length !== 72) throw noSignature(key, 'cosignature');
  const timestamp = blob.readBigUInt64BE(0);
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER))
    throw new TlogError('cosignature time too large');
  if (!verifies(cosignedMessage(text, Number(timestamp)), key, blob.subarray(8))) {
    throw new TlogError(`the cosignature of ${key.name} does not verify: the note was altered`);
  }
  return Number(timestamp);
}

// ---- proof bundles --------------------------------------------------------------------------------

/** What `taizhang proof` writes: everything needed to check one ledger entry with no server. */
export interface ProofBundle {
  readonly format: 'taizhang-proof-bundle/1';
  readonly entry: {
    readonly position: string;
    readonly leafIndex: number;
    readonly streamId: string;
    readonly revision: string;
    readonly eventId: string;
    readonly type: string;
    readonly data: unknown;
    readonly metadata: { readonly hash: string } & Record<string, unknown>;
  };
  /** The exact text whose SHA-256 is the entry's hash (RFC 8785 canonical JSON, hash left out). */
  readonly canonical: string;
  readonly inclusionProof: { readonly treeSize: number; readonly hashes: readonly string[] };
  readonly checkpoint: string;
  readonly verifierKey: string;
}

/** Checks a bundle end to end; returns the checkpoint it proved the entry against. */
export function verifyBundle(bundle: ProofBundle): Checkpoint {
  if (bundle?.format !== 'taizhang-proof-bundle/1')
    throw new TlogError('not a Taizhang proof bundle');
  const { entry, canonical } = bundle;
  if (sha256(Buffer.from(canonical)).toString('hex') !== entry.metadata.hash) {
    throw new TlogError('the canonical bytes do not hash to the entry hash');
  }
  const { hash: _hash, ...unsigned } = entry.metadata;
  const hashed = {
    data: entry.data,
    eventId: entry.eventId,
    metadata: unsigned,
    revision: entry.revision,
    streamId: entry.streamId,
    type: entry.type,
  };
  if (!isDeepStrictEqual(JSON.parse(canonical), hashed)) {
    throw new TlogError('the entry shown is not the entry the canonical bytes hold');
  }
  const checkpoint = openCheckpoint(bundle.checkpoint, parseVerifierKey(bundle.verifierKey));
  if (bundle.inclusionProof.treeSize !== checkpoint.size) {
    throw new TlogError(
      `the proof is for tree size ${bundle.inclusionProof.treeSize}, the checkpoint ${checkpoint.size}`,
    );
  }
  const proof = bundle.inclusionProof.hashes.map((h) => Buffer.from(h, 'hex'));
  if (
    !verifyInclusion(
      entry.leafIndex,
      checkpoint.size,
      eventLeafHash(entry.metadata.hash),
      proof,
      checkpoint.root,
    )
  ) {
    throw new TlogError(
      `leaf ${entry.leafIndex} is not in the checkpointed tree of ${checkpoint.size}`,
    );
  }
  return checkpoint;
}
