import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The console's budget (issue 15): its own JavaScript, everything index.html loads or may load, at
 * most 300 KB gzipped. The GraphQL IDE (graphiql.html: GraphiQL, Monaco, their workers) is apart.
 * Read from the build's manifest, so a new chunk or a heavier import counts at once.
 */
const WEB = join(__dirname, '..', '..', 'dist', 'web');
const BUDGET = 300 * 1024;

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}

function reachable(manifest: Record<string, Chunk>, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
  };
  visit(entry);
  return [...seen].map((k) => manifest[k].file);
}

describe('the console bundle', () => {
  const file = join(WEB, '.vite', 'manifest.json');
  it('is built by npm run build', () => {
    expect(existsSync(file)).toBe(true);
  });

  it(`is at most ${BUDGET / 1024} KB of gzipped JavaScript, the IDE apart`, () => {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Chunk>;
    const files = reachable(manifest, 'index.html').filter((f) => f.endsWith('.js'));
    const sizes = files.map((f) => gzipSync(readFileSync(join(WEB, f)), { level: 9 }).length);
    const js = sizes.reduce((a, b) => a + b, 0);
    // The province maps are data fetched by the board, one province at a time: the largest counts.
    const maps = readdirSync(join(WEB, 'assets'))
      .filter((f) => /^\d{2}-[\w-]+\.json$/.test(f))
      .map((f) => gzipSync(readFileSync(join(WEB, 'assets', f)), { level: 9 }).length);
    expect(maps.length).toBeGreaterThan(20);
    const total = js + Math.max(...maps);
    console.log(
      `console JavaScript: ${(js / 1024).toFixed(1)} KB gzipped in ${files.length} files, and the largest province map ${(Math.max(...maps) / 1024).toFixed(1)} KB (budget ${BUDGET / 1024} KB)`,
    );
    // The IDE's editor is not in it: the console never loads Monaco or GraphiQL.
    expect(files.some((f) => /monaco|ide-/.test(f))).toBe(false);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });
});
