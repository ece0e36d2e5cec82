import { sha256 } from '../../common/sha256.js';
import { TlogError } from './tlog.js';

/**
 * The RFC 9162 leaf and node hashes of tlog.ts, computed in-process for the paths that append to a
 * tree: two per event, where node:crypto's per-call cost was most of what the tree added to an
 * append (see common/sha256.ts). `taizhang verify` and the auditor's tlog.ts keep node:crypto, so a
 * fault here would show as a tree that does not verify; tests hold the two equal.
 */
const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);
const EVENT_HASH = /^[0-9a-f]{64}$/;

export const treeNodeHash = (left: Uint8Array, right: Uint8Array): Buffer =>
  sha256([NODE_PREFIX, left, right], Buffer.allocUnsafe(32));

/** tlog.ts's `eventLeafHash`: the leaf hash of an event's stored hash (64 hex digits). */
export function treeEventLeafHash(eventHashHex: string): Buffer {
  if (!EVENT_HASH.test(eventHashHex)) throw new TlogError(`not an event hash: ${eventHashHex}`);
  return sha256([LEAF_PREFIX, Buffer.from(eventHashHex, 'hex')], Buffer.allocUnsafe(32));
}
