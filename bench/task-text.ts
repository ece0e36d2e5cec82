/**
 * What the tasks projection's text index costs a task (issue 16 item 2): the titles and problems of
 * the first `--tasks` tasks of a store bench:scale kept, indexed as a rebuild does (an inspection's
 * tasks a transaction), with FTS5's defaults and with the settings `TEXT_INDEX_SQL` gives it, one
 * after the other, `--rounds` times.
 *   npm run bench:task-text -- --dir D [--tasks 200000] [--rounds 2]
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { TEXT_INDEX_SQL, textTokens } from '../projections/tasks/task-text.js';
import { fmt } from './bench-env.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    tasks: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '2' },
  },
});
if (!values.dir) throw new Error('--dir: a directory bench:scale kept (--dir D --keep)');
const dir = values.dir;
/** An inspection's tasks at bench:scale's 10^7 events: one transaction of a rebuild holds them. */
const PER_TRANSACTION = 8_707;

const store = new DatabaseSync(join(dir, 'events.db'), { readOnly: true });
const texts = (
  store
    .prepare(`SELECT data FROM events WHERE type = 'TaskListed' ORDER BY position LIMIT ?`)
    .all(Number(values.tasks)) as { data: string }[]
).map(({ data }) => {
  const { title, problem } = JSON.parse(data) as { title: string; problem: string };
  return [textTokens(title), textTokens(problem)] as const;
});
store.close();

/** Indexes every text into a fresh file; returns microseconds a task. */
function index(setup: string): number {
  const file = join(dir, 'bench-task-text.db');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -131072;`);
  db.exec(setup);
  const put = db.prepare('INSERT INTO task_text (rowid, title, problem) VALUES (?, ?, ?)');
  const started = performance.now();
  for (let from = 0; from < texts.length; from += PER_TRANSACTION) {
    db.exec('BEGIN');
    for (let i = from; i < Math.min(from + PER_TRANSACTION, texts.length); i++)
      put.run(i + 1, texts[i][0], texts[i][1]);
    db.exec('COMMIT');
  }
  const us = ((performance.now() - started) * 1000) / texts.length;
  db.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  return us;
}

/** The index as the projection makes it, without the settings: FTS5's defaults. */
const DEFAULTS = TEXT_INDEX_SQL.split('\n')
  .filter((line) => !line.startsWith('INSERT'))
  .join('\n');

for (let round = 1; round <= Number(values.rounds); round++) {
  const before = index(DEFAULTS);
  const after = index(TEXT_INDEX_SQL);
  console.log(
    `round ${round}, ${fmt(texts.length)} tasks: FTS5 defaults ${before.toFixed(1)} us a task, ` +
      `the projection's settings ${after.toFixed(1)} us a task (${(before / after).toFixed(2)}x)`,
  );
}
