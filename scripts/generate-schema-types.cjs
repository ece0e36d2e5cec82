/**
 * TypeScript types generated from the SDL in schema/*.graphql (the published contract), so resolvers
 * type their arguments from the schema itself. `npm run schema:types` rewrites src/generated/graphql.ts;
 * test/unit/schema-types.unit.spec.ts regenerates into a temp file and fails if the two differ.
 *
 * Scalars: DateTime is an ISO string (the scalar normalises it), JSON is any JSON value (unknown),
 * Position is a bigint (the scalar parses it to one and serialises it as a decimal string).
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { GraphQLDefinitionsFactory } = require('@nestjs/graphql');
const prettier = require('prettier');

const ROOT = join(__dirname, '..');
const OUTPUT = join(ROOT, 'src', 'generated', 'graphql.ts');

/** Writes the generated types to `path` (the committed file by default). */
async function generateSchemaTypes(path = OUTPUT) {
  await new GraphQLDefinitionsFactory().generate({
    typePaths: [join(ROOT, 'schema', '*.graphql')],
    path,
    outputAs: 'interface',
    debug: false,
    customScalarTypeMapping: { DateTime: 'string', JSON: 'unknown', Position: 'bigint' },
    defaultScalarType: 'unknown',
    // String unions, like the domain's own types (TaskStatus, ScheduleStatus, ...), not TS enums.
    enumsAsTypes: true,
    emitDescriptions: true,
    additionalHeader:
      '// Generated from schema/*.graphql by `npm run schema:types`: do not edit by hand.',
  });
  // Formatted with the project's prettier settings (wherever `path` is), so `npm run lint` passes.
  const options = await prettier.resolveConfig(OUTPUT);
  // Nest's banner disables tslint and eslint for the file; this file passes both as it is.
  const text = readFileSync(path, 'utf8').replace(
    /^\/\* (tslint:disable|eslint-disable) \*\/\n/gm,
    '',
  );
  writeFileSync(
    path,
    await prettier.format(text + enumValues(), { ...options, parser: 'typescript' }),
  );
}

/**
 * Every enum's values as a list, so code that checks or lists them (deciders, catalogues, the
 * board) takes them from the SDL instead of repeating them.
 */
function enumValues() {
  const { parse } = require('graphql');
  const { readdirSync } = require('node:fs');
  const dir = join(ROOT, 'schema');
  const entries = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()) {
    for (const def of parse(readFileSync(join(dir, file), 'utf8')).definitions) {
      if (def.kind !== 'EnumTypeDefinition') continue;
      const values = def.values.map((v) => `'${v.name.value}'`).join(', ');
      entries.push(
        `  ${def.name.value}: [${values}] as const satisfies readonly ${def.name.value}[],`,
      );
    }
  }
  return `\n/** The values of every enum in the SDL, in declaration order. */\nexport const ENUM_VALUES = {\n${entries.join('\n')}\n};\n`;
}

module.exports = { generateSchemaTypes, OUTPUT };

if (require.main === module) {
  generateSchemaTypes().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
