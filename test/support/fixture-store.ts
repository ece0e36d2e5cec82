import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './test-app.js';

/** A store written by an earlier main (test/fixtures/<name>), and the files that version answered. */
export const fixtureFile = (name: string, file: string): Buffer =>
  readFileSync(join(__dirname, '..', 'fixtures', name, file));

/**
 * Opens a copy of a fixture store with the current code (the read models rebuilt from its old
 * events) and an auditor's token; the fixture itself is never written.
 */
export async function openFixtureStore(
  name: string,
  now: string,
): Promise<{ t: TestApp; auditor: string; close: () => Promise<void> }> {
  const seed = mkdtempSync(join(tmpdir(), `taizhang-${name}-`));
  copyFileSync(join(__dirname, '..', 'fixtures', name, 'events.db'), join(seed, 'events.db'));
  const t = await startTestApp({ seed, now });
  const auditor = await t.token('AUDITOR', '江西省审计厅', { name: '审计员' });
  return {
    t,
    auditor,
    close: async () => {
      await t.close();
      rmSync(seed, { recursive: true, force: true });
    },
  };
}
