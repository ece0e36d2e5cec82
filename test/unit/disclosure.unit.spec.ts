import { DatabaseSync } from 'node:sqlite';
import type { Actor } from '../../src/common/actor.js';
import { disclosureDecider } from '../../src/disclosure/domain/disclosure.decider.js';
import type { DisclosureCommand } from '../../src/disclosure/domain/disclosure.commands.js';
import { fingerprint } from '../../src/exchange/disclosure-content.js';
import { ledgerProjection } from '../../projections/ledger/ledger.projection.js';
import { RECORD_KINDS } from '../../projections/ledger/record-kinds.js';
import { CURRENT_OUTPUT_ENCODING } from '../../src/exchange/output-encoding.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';

const officer: Actor = {
  id: 'd1',
  name: '公开专员',
  roles: ['DISCLOSURE_OFFICER'],
  organisation: '省生态环境厅',
};
const office: Actor = {
  id: 'o1',
  name: '督察办',
  roles: ['INSPECTION_OFFICE'],
  organisation: '省督察办',
};
const at = '2025-03-01T00:00:00.000Z';
const publish: DisclosureCommand = {
  type: 'PublishDisclosure',
  disclosureId: 'd-1',
  kind: 'RECTIFICATION_STATUS',
  channel: 'GOVERNMENT_WEBSITE',
  title: '整改落实情况',
  format: 'CSV',
  asOfPosition: '42',
  asOfTime: at,
  sha256: 'a'.repeat(64),
  size: 1234,
};

describe('disclosure decider', () => {
  const { decide, evolve, initialState } = disclosureDecider;

  it('given nothing, when a disclosure officer publishes, then it is recorded with who and when', () => {
    const events = decide(publish, initialState(), { actor: officer, at });
    expect(events).toEqual([
      {
        type: 'DisclosurePublished',
        data: expect.objectContaining({
          disclosureId: 'd-1',
          asOfPosition: '42',
          sha256: 'a'.repeat(64),
          size: 1234,
          publishedBy: { id: 'd1', name: '公开专员', organisation: '省生态环境厅' },
          at,
        }),
      },
    ]);
    expect(evolve(initialState(), events[0])).toMatchObject({
      publishedAt: at,
      kind: 'RECTIFICATION_STATUS',
    });
  });

  it('refuses other roles, a second publication of the same record, and bad input', () => {
    expect(() => decide(publish, initialState(), { actor: office, at })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    const state = evolve(
      initialState(),
      decide(publish, initialState(), { actor: officer, at })[0],
    );
    expect(() => decide(publish, state, { actor: officer, at })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    expect(() =>
      decide({ ...publish, title: ' ' }, initialState(), { actor: officer, at }),
    ).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() =>
      decide({ ...publish, sha256: 'xyz' }, initialState(), { actor: officer, at }),
    ).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

/** A read-model database holding a few task events, applied through the real ledger projection. */
function ledgerWithTasks(n: number): DatabaseSync {
  const db = new DatabaseSync(':memory:');
  const ledger = ledgerProjection(RECORD_KINDS);
  ledger.setup(db);
  let position = 0n;
  for (let i = 1; i <= n; i++) {
    const taskId = `T-${i}`;
    const event = (type: string, data: Record<string, unknown>, revision: bigint) =>
      ({
        streamId: `task-${taskId}`,
        type,
        data: { ...data, at },
        revision,
        position: ++position,
        eventId: `e${position}`,
        metadata: {
          actor: { id: 'o1', name: '督察办', role: 'INSPECTION_OFFICE', organisation: '省督察办' },
          commandId: `c${position}`,
          correlationId: `c${position}`,
          causationId: `c${position}`,
          recordedAt: at,
          schemaVersion: 1,
          prevHash: '',
          hash: `h${position}`,
        },
      }) as unknown as RecordedEvent;
    ledger.apply(
      event(
        'TaskListed',
        { taskId, inspectionId: 'JX', number: i, title: `任务${i}`, problem: `问题${i}` },
        0n,
      ),
      db,
    );
  }
  return db;
}

describe('disclosure content', () => {
  afterEach(() => jest.useRealTimers());

  it.each(['XLSX', 'CSV', 'MARKDOWN', 'HTML'] as const)(
    '%s is the same bytes whatever the wall clock says when it is generated',
    async (format) => {
      const db = ledgerWithTasks(3);
      const spec = {
        kind: 'RECTIFICATION_STATUS' as const,
        format,
        position: 3n,
        encoding: CURRENT_OUTPUT_ENCODING,
      };
      // Only Date is faked: streams still need real timers.
      const onlyDate = {
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ] as const,
      };
      jest.useFakeTimers({ ...onlyDate, now: new Date('2030-01-01T10:00:00Z') } as never);
      const first = await fingerprint(db, spec);
      jest.setSystemTime(new Date('2031-06-15T17:33:41Z'));
      const second = await fingerprint(db, spec);
      expect(second).toEqual(first);
      expect(first.position).toBe(3n);
    },
  );
});
