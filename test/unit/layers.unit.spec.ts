import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs the lint's layer rule (dependency-cruiser) over a copy of the tree; its exit code and output. */
function layers(tree: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(
      join(ROOT, 'node_modules', '.bin', 'depcruise'),
      ['--config', '.dependency-cruiser.cjs', 'src', 'projections'],
      {
        cwd: tree,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}` },
      },
    );
    return { ok: true, output };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Nothing imports upward (docs/architecture.md): `npm run lint` fails when something does. */
describe('the layer rule', () => {
  let tree: string;

  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'taizhang-layers-'));
    for (const part of [
      'src',
      'projections',
      '.dependency-cruiser.cjs',
      'tsconfig.json',
      'package.json',
    ])
      cpSync(join(ROOT, part), join(tree, part), { recursive: true });
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  const withImport = (file: string, line: string) => {
    const path = join(tree, file);
    const before = readFileSync(path, 'utf8');
    writeFileSync(path, `${line}\n${before}`);
    return () => writeFileSync(path, before);
  };

  it('passes on the tree as it is', () => {
    expect(layers(tree)).toMatchObject({ ok: true });
  });

  // One run with every kind of upward import planted at once (each run takes seconds).
  const UPWARD: [what: string, file: string, line: string, rule: string][] = [
    [
      'a domain reaching into the read side',
      'src/tasks/domain/task.state.ts',
      "import '../../../projections/read-models.js';",
      'domain-is-pure: src/tasks/domain/task.state.ts → projections/read-models.ts',
    ],
    [
      'a domain reaching into another domain',
      'src/inspections/domain/inspection.state.ts',
      "import '../../tasks/domain/task.state.js';",
      'domain-is-pure: src/inspections/domain/inspection.state.ts → src/tasks/domain/task.state.ts',
    ],
    [
      'the kernel reaching into the event store',
      'src/common/errors.ts',
      "import '../event-store/event-store.port.js';",
      'kernel-imports-kernel-only: src/common/errors.ts → src/event-store/event-store.port.ts',
    ],
    [
      'the read side reaching into an api folder',
      'projections/runner.ts',
      "import '../src/tasks/api/task.view.js';",
      'read-side-below-api: projections/runner.ts → src/tasks/api/task.view.ts',
    ],
    [
      'the command path reaching into a resolver',
      'src/commands/command-path.ts',
      "import '../tasks/api/task.mutations.resolver.js';",
      'edge-below-api: src/commands/command-path.ts → src/tasks/api/task.mutations.resolver.ts',
    ],
  ];

  it('fails on each kind of upward import, naming the rule and the import', () => {
    const restore = UPWARD.map(([, file, line]) => withImport(file, line));
    try {
      const result = layers(tree);
      expect(result.ok).toBe(false);
      for (const [, , , violation] of UPWARD) expect(result.output).toContain(violation);
    } finally {
      restore.forEach((r) => r());
    }
  });
});
