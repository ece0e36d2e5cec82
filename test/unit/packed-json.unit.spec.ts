import { deflateRawSync } from 'node:zlib';
import { packJson, unpackJson } from '../../projections/packed-json.js';

describe('packed JSON states (task states, ledger checkpoints)', () => {
  const state = {
    taskId: 'T-1',
    title: '黑臭水体整治不到位',
    progress: Array.from({ length: 40 }, (_, i) => ({ at: `2025-01-${i % 28}`, note: '推进中' })),
    deadline: null,
  };

  it('reads back what it packs, smaller than the JSON', () => {
    const packed = packJson(state);
    expect(unpackJson(packed)).toEqual(state);
    expect(packed.length).toBeLessThan(Buffer.byteLength(JSON.stringify(state)) / 2);
  });

  it('reads states that read models written before zstd hold (raw deflate), so no rebuild is needed', () => {
    const old = deflateRawSync(JSON.stringify(state), { level: 1 });
    expect(unpackJson(old)).toEqual(state);
  });
});
