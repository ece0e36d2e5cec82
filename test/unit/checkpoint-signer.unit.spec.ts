import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { CheckpointSigner } from '../../src/event-store/merkle/checkpoint-signer.js';
import { EMPTY_ROOT, openCheckpoint, parseVerifierKey } from '../../src/event-store/merkle/tlog.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir('checkpoint-signer');
afterAll(() => dir.remove());

describe('the checkpoint signing key', () => {
  it('is made once in the data directory, private to its owner, and reused', () => {
    const config = loadConfig({
      DATA_DIR: dir.path,
      CHECKPOINT_ORIGIN: 'ledger.example.gov.cn/jx3',
    });
    const first = CheckpointSigner.load(config.checkpoints, config.dataDir);
    const again = CheckpointSigner.load(config.checkpoints, config.dataDir);
    expect(again.verifierKey).toBe(first.verifierKey);
    expect(first.origin).toBe('ledger.example.gov.cn/jx3');
    expect(statSync(join(dir.path, 'checkpoint.key')).mode & 0o077).toBe(0);
    const note = first.sign(0, EMPTY_ROOT);
    expect(openCheckpoint(note, parseVerifierKey(first.verifierKey)).size).toBe(0);
  });

  it('comes from CHECKPOINT_KEY in production, and its name is the origin', () => {
    const made = readFileSync(join(dir.path, 'checkpoint.key'), 'utf8').trim();
    const config = loadConfig({ DATA_DIR: join(dir.path, 'elsewhere'), CHECKPOINT_KEY: made });
    const signer = CheckpointSigner.load(config.checkpoints, config.dataDir);
    expect(signer.verifierKey).toBe(CheckpointSigner.fromText(made).verifierKey);
    expect(signer.origin).toBe('ledger.example.gov.cn/jx3');
  });

  it('refuses a malformed key, a key whose hash does not match, and a bad origin, saying what is expected', () => {
    expect(() => CheckpointSigner.fromText('not a key')).toThrow(
      /PRIVATE\+KEY\+name\+hash\+base64/,
    );
    const made = readFileSync(join(dir.path, 'checkpoint.key'), 'utf8').trim();
    const wrongHash = made.replace(/\+([0-9a-f]{8})\+/, '+00000000+');
    expect(() => CheckpointSigner.fromText(wrongHash)).toThrow(/hash does not match/);
    expect(() => loadConfig({ DATA_DIR: dir.path, CHECKPOINT_ORIGIN: 'has space' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ DATA_DIR: dir.path, CHECKPOINT_INTERVAL_SECONDS: '-1' })).toThrow(
      /CHECKPOINT_INTERVAL_SECONDS/,
    );
    expect(
      loadConfig({ DATA_DIR: dir.path, CHECKPOINT_INTERVAL_SECONDS: '0' }).checkpoints
        .intervalSeconds,
    ).toBe(0);
  });
});
