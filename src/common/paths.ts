import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project root, found from this file whether it runs from src/ (tests) or dist/src/ (built). */
function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schema'))) return dir;
    if (dirname(dir) === dir) throw new Error(`project root not found above ${start}`);
  }
}

export const PROJECT_ROOT = findRoot(__dirname);
export const SCHEMA_DIR = join(PROJECT_ROOT, 'schema');
