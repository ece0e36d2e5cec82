/**
 * The README's example queries, taken from the README itself at build time: the IDE opens with one
 * tab per example, so what the README shows is one click away and cannot drift from it.
 */
import readme from '../../../README.md?raw';

export interface Example {
  readonly title: string;
  readonly query: string;
}

export function readmeExamples(text: string = readme): Example[] {
  const out: Example[] = [];
  for (const m of text.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const query = m[1].trim();
    const name = /^(query|mutation|subscription)?\s*\{?\s*([A-Za-z]+)/.exec(query);
    const title = name?.[2] ?? `example${out.length + 1}`;
    out.push({ title, query });
  }
  return out;
}

/**
 * The example as an IDE tab: an anonymous operation is named after its first field (README_history),
 * so the tab shows what it does; the operation itself is unchanged.
 */
export function named(example: Example): string {
  const op = `README_${example.title}`;
  if (example.query.startsWith('{')) return `query ${op} ${example.query}`;
  return example.query.replace(/^(query|mutation|subscription)\s*\{/, `$1 ${op} {`);
}
