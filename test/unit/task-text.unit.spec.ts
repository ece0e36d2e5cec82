import { DatabaseSync } from 'node:sqlite';
import { textMatch, textTokens } from '../../projections/tasks/task-text.js';

/** The pair index must find exactly what `LIKE '%text%'` (ASCII case-insensitive) would. */
describe('task text search (character pairs in FTS5)', () => {
  const texts = [
    ['关于赣江流域黑臭水体整治不到位问题', '督察发现，沿岸排污口 46 个未封堵。'],
    ['鄱阳湖非法采砂', '群众反映强烈；PM2.5 超标。'],
    ['赣', '江'],
    ['Landfill leachate 渗滤液', 'III 类水质'],
  ];
  const db = new DatabaseSync(':memory:');
  db.exec(
    "CREATE VIRTUAL TABLE t USING fts5 (title, problem, content = '', contentless_delete = 1)",
  );
  texts.forEach(([title, problem], i) =>
    db
      .prepare('INSERT INTO t (rowid, title, problem) VALUES (?, ?, ?)')
      .run(i + 1, textTokens(title), textTokens(problem)),
  );
  const found = (q: string): number[] =>
    (
      db.prepare('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid').all(textMatch(q)) as {
        rowid: number;
      }[]
    ).map((r) => r.rowid);
  const expected = (q: string): number[] =>
    texts
      .map(([title, problem], i) => ({ i: i + 1, text: [title, problem] }))
      .filter(({ text }) =>
        text.some((t) => t.replace(/[A-Z]/g, (c) => c.toLowerCase()).includes(q.toLowerCase())),
      )
      .map(({ i }) => i);

  it.each([
    '赣江',
    '赣',
    '江',
    '鄱阳湖',
    '黑臭水体整治',
    '排污口 46',
    'pm2.5',
    'LANDFILL',
    'iii 类',
    '。',
    '问题督察',
    '赣江流域白',
  ])('%s', (q) => {
    expect(found(q)).toEqual(expected(q));
  });

  it('a phrase never spans the title and the problem', () => {
    expect(found('赣江')).not.toContain(3);
  });
});
