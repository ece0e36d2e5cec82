/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, for the two places where node:crypto does not serve:
 *
 * - the console in a browser page without `crypto.subtle` (plain http on an office network);
 * - the Merkle tree's append path, which hashes two short messages per event (33 and 65 bytes).
 *   A call into node:crypto costs 2 to 4 µs there, mostly crossing into C++ and allocating; this
 *   costs under 1 µs for such messages, because they are padded in one reused buffer.
 *
 * It imports nothing, so the console's bundle takes it as it is. Tests hold it to node:crypto at
 * every padding boundary.
 */
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** Messages up to this many bytes are padded in `small`, not in a new buffer. */
const SMALL = 119;
const small = new Uint8Array(128);
const w = new Int32Array(64);
const state = new Int32Array(8);

/** Folds the 64-byte block of `bytes` at `offset` into `state`. */
function compress(bytes: Uint8Array, offset: number): void {
  for (let i = 0, j = offset; i < 16; i++, j += 4)
    w[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15];
    const y = w[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/**
 * The SHA-256 of `data`, or of its parts written one after another, into `out` (32 bytes). The
 * tree passes a Buffer from Node's pool there: a new ArrayBuffer per hash costs as much as hashing.
 */
export function sha256<Out extends Uint8Array = Uint8Array>(
  data: Uint8Array | readonly Uint8Array[],
  out: Out = new Uint8Array(32) as Out,
): Out {
  const parts = data instanceof Uint8Array ? [data] : data;
  let length = 0;
  for (const part of parts) length += part.length;
  const padded = length <= SMALL ? small : new Uint8Array(((length + 9 + 63) >> 6) << 6);
  const end = length <= SMALL ? (length <= 55 ? 64 : 128) : padded.length;
  let at = 0;
  for (const part of parts) {
    padded.set(part, at);
    at += part.length;
  }
  padded[length] = 0x80;
  padded.fill(0, length + 1, end - 8);
  // Bit length, big-endian in the last 8 bytes (exact up to 2^53 bits).
  const bits = length * 8;
  const high = Math.floor(bits / 2 ** 32);
  for (let i = 0; i < 4; i++) {
    padded[end - 8 + i] = (high >>> (24 - 8 * i)) & 0xff;
    padded[end - 4 + i] = (bits >>> (24 - 8 * i)) & 0xff;
  }
  state.set(IV);
  for (let offset = 0; offset < end; offset += 64) compress(padded, offset);
  for (let i = 0; i < 8; i++) {
    const v = state[i];
    out[i * 4] = v >>> 24;
    out[i * 4 + 1] = v >>> 16;
    out[i * 4 + 2] = v >>> 8;
    out[i * 4 + 3] = v;
  }
  return out;
}
