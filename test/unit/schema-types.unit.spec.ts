import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The generator is a plain CommonJS script (`npm run schema:types`); the test runs the same code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateSchemaTypes, OUTPUT } = require('../../scripts/generate-schema-types.cjs') as {
  generateSchemaTypes(path?: string): Promise<void>;
  OUTPUT: string;
};

describe('types generated from the SDL', () => {
  it('src/generated/graphql.ts is what schema/*.graphql generates (run `npm run schema:types`)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-schema-types-'));
    try {
      const fresh = join(dir, 'graphql.ts');
      await generateSchemaTypes(fresh);
      expect(readFileSync(OUTPUT, 'utf8')).toBe(readFileSync(fresh, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
