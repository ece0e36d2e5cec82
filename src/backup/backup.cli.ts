import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { backup, BackupError, restore } from './backup.js';

export const BACKUP_USAGE = `  taizhang backup DIR                 在线备份 / consistent online copy of the event store, checkpoint and
                                      verifier key into an empty DIR, with a manifest (sizes, SHA-256, heads)
  taizhang restore DIR [--key VERIFIER_KEY]
                                      恢复到空的 DATA_DIR / verify every chain and the ledger tree against the
                                      backup's checkpoint, then restore and rebuild the read models`;

const failed = (error: unknown): number => {
  if (!(error instanceof BackupError)) throw error;
  console.error(error.message);
  for (const line of error.details) console.error(`  ${line}`);
  return 1;
};

export async function backupCommand(config: Config, args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  if (!positionals[0]) {
    console.error('用法 / usage: taizhang backup DIR');
    return 2;
  }
  const started = Date.now();
  try {
    const m = await backup(config, positionals[0]);
    const bytes = m.files.find((f) => f.name === 'events.db')!.bytes;
    console.log(
      `备份完成 / backup written: ${positionals[0]}: ${m.events} events, ${m.streams} streams, last position ${m.lastPosition}, ` +
        `tree root ${m.tree.root}, events.db ${bytes} bytes, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } catch (error) {
    return failed(error);
  }
}

export async function restoreCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { key: { type: 'string' } },
  });
  if (!positionals[0]) {
    console.error('用法 / usage: taizhang restore DIR [--key VERIFIER_KEY]');
    return 2;
  }
  try {
    const r = await restore(config, positionals[0], {
      verifierKey: values.key,
      onProgress: (n) => {
        if (n % 100_000 === 0) process.stderr.write(`  已校验 / verified ${n} events\r`);
      },
    });
    console.log(
      `恢复完成 / restored into ${config.dataDir}: ${r.events} events in ${r.streams} streams, all hash chains and the ledger tree verified ` +
        `(root ${r.root}); read models rebuilt from ${r.readModelEvents} events`,
    );
    return 0;
  } catch (error) {
    return failed(error);
  }
}
