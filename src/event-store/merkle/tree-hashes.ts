import { sha256 } from '../../common/sha256.js';
import { TlogError } from './tlog.js';

/**
 * The RFC 9162 leaf and node hashes of tlog.ts, computed in-process for the paths that append to a
 * tree: two per event, where node:crypto's per-call cost was most of what the tree added to an
 * append (see common/sha256.ts). `taizhang verify` and the auditor's tlog.ts keep node:crypto, so a
 * fault here would show as a tree that does not verify; tests hold the two equal.
 */
const NODE_PREFIX = new Uint8Array([0x01]);
/** 0x00 and the event's hash: the leaf hash's input, filled in place from the hex. */
const leafInput = new Uint8Array(33);

/** A lowercase hex digit's value, or -1 (what tlog.ts's /^[0-9a-f]{64}$/ refuses). */
const nibble = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;

export const treeNodeHash = (left: Uint8Array, right: Uint8Array): Buffer =>
  sha256([NODE_PREFIX, left, right], Buffer.allocUnsafe(32));

/**
 * tlog.ts's `eventLeafHash`: the leaf hash of an event's stored hash (64 lowercase hex digits),
 * decoded in place (a regular expression and a Buffer per event cost as much as the hashing).
 */
export function treeEventLeafHash(eventHashHex: string): Buffer {
  const bad = () => new TlogError(`not an event hash: ${eventHashHex}`);
  if (typeof eventHashHex !== 'string' || eventHashHex.length !== 64) throw bad();
  for (let i = 0; i < 32; i++) {
    const high = nibble(eventHashHex.charCodeAt(2 * i));
    const low = nibble(eventHashHex.charCodeAt(2 * i + 1));
    if ((high | low) < 0) throw bad();
    leafInput[i + 1] = (high << 4) | low;
  }
  return sha256(leafInput, Buffer.allocUnsafe(32));
}
