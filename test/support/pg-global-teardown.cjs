// Stops every PostgreSQL server a test started and did not stop (a worker that crashed or timed
// out), then removes its directory and the registry.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { dirname, join } = require('node:path');

module.exports = async function pgGlobalTeardown() {
  const registry = process.env.TAIZHANG_PG_REGISTRY;
  if (!registry || !existsSync(registry)) return;
  for (const file of readdirSync(registry)) {
    const { dataDir, bin } = JSON.parse(readFileSync(join(registry, file), 'utf8'));
    if (existsSync(join(dataDir, 'postmaster.pid'))) {
      const ctl = [join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'];
      const asRoot = process.getuid && process.getuid() === 0;
      try {
        execFileSync(
          asRoot ? 'runuser' : ctl[0],
          asRoot ? ['-u', 'nobody', '--', ...ctl] : ctl.slice(1),
          {
            stdio: 'ignore',
            timeout: 60_000,
          },
        );
      } catch {
        // already gone
      }
    }
    rmSync(dirname(dataDir), { recursive: true, force: true });
  }
  rmSync(registry, { recursive: true, force: true });
};
