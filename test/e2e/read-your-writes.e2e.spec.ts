import type { ProjectionRunner } from '../../projections/runner.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { PROJECTION_RUNNER } from '../../src/read-side/read-side.module.js';
import { registerInspection, tokens } from '../support/task-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const LIST = `mutation($input: ListTaskInput!) { listTask(input: $input) {
  readSideBehind task { id status version } entry { position eventId type version commandId changes { field } } } }`;

type Listed = {
  listTask: {
    readSideBehind: boolean;
    task: { id: string; status: string; version: number };
    entry: {
      position: string;
      eventId: string;
      type: string;
      version: number;
      commandId: string;
      changes: { field: string }[];
    };
  };
};

/**
 * Read-your-writes lives at the API edge: a mutation waits (bounded) for the read side, and when the
 * read side does not catch up in time, a committed write still answers as a success, flagged, so a
 * client never retries a write that landed; the retry with its commandId writes nothing.
 */
describe('a committed write whose read side is behind', () => {
  let t: TestApp;
  let office: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { READ_YOUR_WRITES_TIMEOUT_MS: '200' } });
    office = (await tokens(t)).office;
    await registerInspection(t, office, 'JX-3');
  });
  afterAll(() => t.close());

  const list = () =>
    t.gql<Listed>(
      LIST,
      {
        input: {
          inspectionId: 'JX-3',
          taskId: 'R-1',
          title: '采砂整治',
          problem: '非法采砂',
          commandId: 'rw-1',
        },
      },
      office,
    );

  it('answers without the flag when the read side keeps up', async () => {
    const first = await list();
    expect(first.errors).toBeUndefined();
    expect(first.data!.listTask.readSideBehind).toBe(false);
  });

  it('answers success with the flag, from the store, and a retry writes nothing', async () => {
    await t.app.get<ProjectionRunner>(PROJECTION_RUNNER).stop();
    const store = t.app.get<EventStore>(EVENT_STORE);
    const input = {
      inspectionId: 'JX-3',
      taskId: 'R-2',
      title: '岸线修复',
      problem: '岸线受损',
      commandId: 'rw-2',
    };
    const send = () => t.gql<Listed>(LIST, { input }, office);

    const started = Date.now();
    const first = await send();
    expect(first.errors).toBeUndefined();
    const answer = first.data!.listTask;
    expect(answer.readSideBehind).toBe(true);
    expect(answer.task).toEqual({ id: 'task-R-2', status: 'LISTED', version: 1 });
    expect(answer.entry).toMatchObject({ type: 'TaskListed', version: 1, commandId: 'rw-2' });
    expect(answer.entry.changes.map((c) => c.field)).toContain('status');
    const head = await store.headPosition();
    expect(answer.entry.position).toBe(String(head));
    expect(Date.now() - started).toBeLessThan(5000);

    const queried = await t.gql<{ task: unknown }>('{ task(id: "R-2") { id } }', {}, office);
    expect(queried.data!.task).toBeNull();

    const retry = await send();
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.listTask.entry.eventId).toBe(answer.entry.eventId);
    expect(await store.headPosition()).toBe(head);
  });
});
