import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import {
  checkpointText,
  cosignNote,
  encodeVerifierKey,
  encodeWitnessKey,
  openCheckpoint,
  openCosignature,
  parseVerifierKey,
  publicKeyOfSeed,
  signNote,
  TlogError,
} from '../../src/event-store/merkle/tlog.js';

const newSeed = (): Buffer =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);

const logSeed = newSeed();
const witnessSeed = newSeed();
const ORIGIN = 'taizhang.example/jiangxi';
const WITNESS = 'audit.example/witness';
const logKey = parseVerifierKey(encodeVerifierKey(ORIGIN, publicKeyOfSeed(logSeed)));
const witnessKey = parseVerifierKey(encodeWitnessKey(WITNESS, publicKeyOfSeed(witnessSeed)));
const root = createHash('sha256').update('root').digest();
const signed = signNote(checkpointText({ origin: ORIGIN, size: 20852163, root }), ORIGIN, logSeed);
const TIME = 1_679_315_147;

describe('cosignatures (C2SP tlog-cosignature, cosignature/v1)', () => {
  it('adds a line a verifier written from the spec accepts: key ID with 0x04, big-endian time, signed message', () => {
    const cosigned = cosignNote(signed, WITNESS, witnessSeed, TIME);
    const lines = cosigned.split('\n');
    // The note, the blank line, the log's signature, then the witness's.
    expect(lines.slice(0, 5)).toEqual(signed.split('\n').slice(0, 5));
    const line = lines[5];
    expect(line.startsWith(`\u2014 ${WITNESS} `)).toBe(true);
    const blob = Buffer.from(line.split(' ')[2], 'base64');
    expect(blob).toHaveLength(4 + 8 + 64);

    // Independently of tlog.ts: the key ID, the timestamp and the signed message as the spec writes them.
    const publicKey = publicKeyOfSeed(witnessSeed);
    const keyId = createHash('sha256')
      .update(Buffer.concat([Buffer.from(`${WITNESS}\n`), Buffer.from([0x04]), publicKey]))
      .digest()
      .subarray(0, 4);
    expect(blob.subarray(0, 4)).toEqual(keyId);
    expect(blob.readBigUInt64BE(4)).toBe(BigInt(TIME));
    const message = `cosignature/v1\ntime ${TIME}\n${ORIGIN}\n20852163\n${root.toString('base64')}\n`;
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(message), key, blob.subarray(12))).toBe(true);

    expect(openCosignature(cosigned, witnessKey)).toBe(TIME);
    // The log's own signature still opens the cosigned note.
    expect(openCheckpoint(cosigned, logKey).size).toBe(20852163);
  });

  it('a witness key is encoded with algorithm 0x04 and is not mistaken for the log key', () => {
    const text = encodeWitnessKey(WITNESS, publicKeyOfSeed(witnessSeed));
    expect(Buffer.from(text.split('+').slice(2).join('+'), 'base64')[0]).toBe(0x04);
    expect(witnessKey.algorithm).toBe(0x04);
    const cosigned = cosignNote(signed, WITNESS, witnessSeed, TIME);
    expect(() => openCosignature(cosigned, logKey)).toThrow('is not a witness');
    expect(() => openCheckpoint(cosigned, witnessKey)).toThrow("is not a log's note key");
  });

  it('refuses a note altered after cosigning, a missing cosignature and another witness', () => {
    const cosigned = cosignNote(signed, WITNESS, witnessSeed, TIME);
    const altered = cosigned.replace('20852163', '20852164');
    expect(() => openCosignature(altered, witnessKey)).toThrow('does not verify');
    expect(() => openCosignature(signed, witnessKey)).toThrow('carries no cosignature');
    const other = parseVerifierKey(encodeWitnessKey(WITNESS, publicKeyOfSeed(newSeed())));
    expect(() => openCosignature(cosigned, other)).toThrow(TlogError);
    // A changed timestamp in the line breaks the signature: the time is signed too.
    const [head, tail] = [cosigned.slice(0, cosigned.lastIndexOf('\n\u2014')), cosigned];
    const blob = Buffer.from(tail.trimEnd().split(' ').pop()!, 'base64');
    blob.writeBigUInt64BE(BigInt(TIME + 1), 4);
    const retimed = `${head}\n\u2014 ${WITNESS} ${blob.toString('base64')}\n`;
    expect(() => openCosignature(retimed, witnessKey)).toThrow('does not verify');
  });

  it('two witnesses cosign one after the other; each cosignature opens on its own', () => {
    const secondSeed = newSeed();
    const second = parseVerifierKey(
      encodeWitnessKey('court.example/w2', publicKeyOfSeed(secondSeed)),
    );
    const twice = cosignNote(
      cosignNote(signed, WITNESS, witnessSeed, TIME),
      'court.example/w2',
      secondSeed,
      TIME + 60,
    );
    expect(openCosignature(twice, witnessKey)).toBe(TIME);
    expect(openCosignature(twice, second)).toBe(TIME + 60);
    expect(openCheckpoint(twice, logKey).root).toEqual(root);
  });
});
