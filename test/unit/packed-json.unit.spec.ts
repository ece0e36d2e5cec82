import { randomBytes } from 'node:crypto';
import { constants, deflateRawSync, zstdCompressSync } from 'node:zlib';
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

  it('packs the same bytes as a default zstd call, and round-trips what does not compress or spans many output chunks', () => {
    // Output chunks are sized to the state: the frames must not change with them.
    const text = Buffer.from(JSON.stringify(state));
    expect(Buffer.from(packJson(state))).toEqual(
      zstdCompressSync(text, {
        pledgedSrcSize: text.length,
        params: { [constants.ZSTD_c_compressionLevel]: 1 },
      }),
    );
    const noise = { blob: randomBytes(3000).toString('base64'), tiny: 1 };
    expect(unpackJson(packJson(noise))).toEqual(noise);
    const large = {
      items: Array.from({ length: 5000 }, (_, i) => ({ i, note: `第 ${i} 次调度` })),
    };
    expect(unpackJson(packJson(large))).toEqual(large);
    expect(unpackJson(packJson({}))).toEqual({});
  });

  it('reads states that read models written before zstd hold (raw deflate), so no rebuild is needed', () => {
    const old = deflateRawSync(JSON.stringify(state), { level: 1 });
    expect(unpackJson(old)).toEqual(state);
  });
});
