import { randomBytes, randomUUID } from 'node:crypto';
import { BadInputError, ConcurrencyError } from '../../src/common/errors.js';
import type {
  AppendContext,
  AppendRequest,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  NewEvent,
  Position,
  RecordedEvent,
} from '../../src/event-store/event-store.port.js';
import { GENESIS_HASH } from '../../src/event-store/hashing.js';
import { verifyEvents, verifyStream } from '../../src/event-store/verify.js';
import { within } from '../support/within.js';

export interface ContractOptions {
  /**
   * true (the default): the store may be shared with other runs and other tenants (a KurrentDB
   * server), so the suite only ever asserts on its own streams, reached through a random run prefix.
   * false: the store is private and fresh for this suite (a temp SQLite file), so it additionally
   * asserts store-wide facts: the head position and unfiltered global reads.
   */
  readonly uniquePrefix?: boolean;
}

const actor = { id: 'u-contract', name: '契约测试员', role: 'ADMIN', organisation: '省督察办' };

/** Reads exactly `n` events from a subscription, bounded in time. */
async function take(sub: EventSubscription, n: number, ms = 15_000): Promise<RecordedEvent[]> {
  const iterator = sub[Symbol.asyncIterator]();
  const out: RecordedEvent[] = [];
  const deadline = Date.now() + ms;
  while (out.length < n) {
    const next = await within(
      iterator.next(),
      Math.max(1, deadline - Date.now()),
      `event ${out.length + 1} of ${n}`,
    );
    if (next.done) throw new Error(`subscription ended after ${out.length} of ${n} events`);
    out.push(next.value);
  }
  return out;
}

const summary = (events: readonly RecordedEvent[]): string[] =>
  events.map((e) => `${e.streamId}@${e.revision}`);

/**
 * The behaviour every EventStore adapter owes its users, run against each adapter by its own spec.
 * `open` is called once per suite; every test writes to its own freshly named streams.
 */
export function eventStoreContract(
  name: string,
  open: () => Promise<EventStore>,
  options: ContractOptions = {},
): void {
  const shared = options.uniquePrefix ?? true;

  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    // Lower-case base36, so it fits the stream id grammar's category part.
    const run = BigInt('0x' + randomBytes(6).toString('hex')).toString(36);
    let categories = 0;
    /** A category (stream id prefix) no other test, run or tenant uses. */
    const category = (): string => `c${run}x${++categories}`;

    const context = (commandId: string = randomUUID()): AppendContext => ({
      actor,
      commandId,
      recordedAt: new Date().toISOString(),
    });
    const event = (type: string, n: number): NewEvent => ({
      type,
      data: {
        n,
        title: `整改任务第${n}项：河道垃圾清理`,
        tags: ['督察', '整改'],
        ok: true,
        none: null,
      },
    });
    const append = (
      streamId: string,
      expectedRevision: ExpectedRevision,
      events: NewEvent[] | number,
      commandId?: string,
    ) =>
      store.append({
        streamId,
        expectedRevision,
        events:
          typeof events === 'number'
            ? Array.from({ length: events }, (_, i) => event('TaskListed', i))
            : events,
        context: context(commandId),
      });

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('appending with an expected revision', () => {
      it('creates a stream with no_stream and continues it at its exact revision', async () => {
        const s = `${category()}-1`;
        const first = await append(s, 'no_stream', 2);
        expect(first).toMatchObject({ streamId: s, revision: 1n, duplicate: false });
        expect(first.events.map((e) => e.revision)).toEqual([0n, 1n]);
        expect(first.position).toBe(first.events[1].position);
        expect(first.events[1].position).toBeGreaterThan(first.events[0].position);
        const second = await append(s, 1n, 1);
        expect(second.revision).toBe(2n);
        expect(second.position).toBeGreaterThan(first.position);
        expect(summary(await store.readStream(s))).toEqual([`${s}@0`, `${s}@1`, `${s}@2`]);
      });

      it('rejects no_stream on an existing stream with CONFLICT and writes nothing', async () => {
        const s = `${category()}-1`;
        await append(s, 'no_stream', 1);
        const attempt = append(s, 'no_stream', 1);
        await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT' });
        expect(await store.readStream(s)).toHaveLength(1);
      });

      it('rejects a stale or future exact revision with CONFLICT and writes nothing', async () => {
        const s = `${category()}-1`;
        await append(s, 'no_stream', 3); // at revision 2
        for (const stale of [0n, 1n, 3n, 10n]) {
          const attempt = append(s, stale, 1);
          await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
          await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT' });
        }
        // An exact revision on a stream that does not exist is stale too.
        await expect(append(`${category()}-missing`, 0n, 1)).rejects.toMatchObject({
          code: 'CONFLICT',
        });
        expect(await store.readStream(s)).toHaveLength(3);
      });

      it('appends with any whether or not the stream exists', async () => {
        const s = `${category()}-1`;
        expect((await append(s, 'any', 1)).revision).toBe(0n);
        expect((await append(s, 'any', 2)).revision).toBe(2n);
        expect(await store.readStream(s)).toHaveLength(3);
      });
    });

    describe('idempotent retry by commandId', () => {
      it('returns the first result, marks it duplicate, and writes nothing', async () => {
        const s = `${category()}-1`;
        const commandId = randomUUID();
        const first = await append(s, 'no_stream', 2, commandId);
        // The retry carries the same (now stale) expected revision a client would resend.
        const retry = await append(s, 'no_stream', 2, commandId);
        expect(retry.duplicate).toBe(true);
        expect(retry.revision).toBe(first.revision);
        expect(retry.position).toBe(first.position);
        expect(retry.events.map((e) => [e.eventId, e.position, e.metadata.hash])).toEqual(
          first.events.map((e) => [e.eventId, e.position, e.metadata.hash]),
        );
        const again = await append(s, 1n, 2, commandId);
        expect(again).toMatchObject({ duplicate: true, position: first.position });
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it('derives event ids from the commandId, so different commands get different ids', async () => {
        const s = `${category()}-1`;
        const a = await append(s, 'no_stream', 1);
        const b = await append(s, 0n, 1);
        expect(a.events[0].eventId).not.toBe(b.events[0].eventId);
        const read = await store.readStream(s);
        expect(read.map((e) => e.eventId)).toEqual([a.events[0].eventId, b.events[0].eventId]);
        expect(read[0].metadata).toMatchObject({
          commandId: a.events[0].metadata.commandId,
          actor,
        });
      });
    });

    describe('reading a stream', () => {
      let s: string;
      beforeAll(async () => {
        s = `${category()}-1`;
        await append(s, 'no_stream', 10);
      });

      it('reads forwards from a revision with a maximum count', async () => {
        expect((await store.readStream(s)).map((e) => e.revision)).toEqual(
          Array.from({ length: 10 }, (_, i) => BigInt(i)),
        );
        const page = await store.readStream(s, { fromRevision: 3n, maxCount: 4 });
        expect(page.map((e) => e.revision)).toEqual([3n, 4n, 5n, 6n]);
        expect(page[0].data).toMatchObject({ n: 3, title: '整改任务第3项：河道垃圾清理' });
        expect(await store.readStream(s, { fromRevision: 20n })).toEqual([]);
      });

      it('reads backwards from the end or from a revision', async () => {
        const all = await store.readStream(s, { direction: 'backwards' });
        expect(all.map((e) => e.revision)).toEqual(
          Array.from({ length: 10 }, (_, i) => BigInt(9 - i)),
        );
        const page = await store.readStream(s, {
          direction: 'backwards',
          fromRevision: 5n,
          maxCount: 3,
        });
        expect(page.map((e) => e.revision)).toEqual([5n, 4n, 3n]);
        const last = await store.readStream(s, { direction: 'backwards', maxCount: 1 });
        expect(last.map((e) => e.revision)).toEqual([9n]);
      });

      it('returns an empty list for a stream that does not exist', async () => {
        expect(await store.readStream(`${category()}-nothing`)).toEqual([]);
        expect(await store.readStream(`${category()}-nothing`, { direction: 'backwards' })).toEqual(
          [],
        );
      });
    });

    describe('the global order', () => {
      let tasks: string;
      let cases: string;
      let written: RecordedEvent[];
      beforeAll(async () => {
        tasks = category();
        cases = category();
        written = [];
        // Interleaved across streams and categories, so order by position is not order by stream.
        for (let i = 0; i < 3; i++) {
          written.push(
            ...(
              await append(`${tasks}-a`, i === 0 ? 'no_stream' : BigInt(i * 2 - 1), [
                event('TaskListed', i),
                event('TaskAssigned', i),
              ])
            ).events,
          );
          written.push(
            ...(
              await append(`${cases}-b`, i === 0 ? 'no_stream' : BigInt(i - 1), [
                event('CaseOpened', i),
              ])
            ).events,
          );
          written.push(
            ...(
              await append(`${tasks}-c`, i === 0 ? 'no_stream' : BigInt(i - 1), [
                event('TaskListed', i),
              ])
            ).events,
          );
        }
      });

      const readFiltered = (prefixes: string[], eventTypes?: string[], maxCount = 1000) =>
        store.readAll({ after: 0n, maxCount, filter: { streamPrefixes: prefixes, eventTypes } });

      it('gives every event a position that increases in append order', async () => {
        const positions = written.map((e) => e.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
        expect(new Set(positions).size).toBe(positions.length);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(positions[positions.length - 1]);
      });

      it('filters by stream prefix', async () => {
        const onlyTasks = await readFiltered([`${tasks}-`]);
        expect(summary(onlyTasks)).toEqual(
          summary(written.filter((e) => e.streamId.startsWith(`${tasks}-`))),
        );
        const both = await readFiltered([`${tasks}-`, `${cases}-`]);
        expect(summary(both)).toEqual(summary(written));
        expect(both.map((e) => e.position)).toEqual(written.map((e) => e.position));
      });

      it('filters by event type', async () => {
        const listed = await readFiltered([`${tasks}-`, `${cases}-`], ['TaskListed']);
        expect(summary(listed)).toEqual(summary(written.filter((e) => e.type === 'TaskListed')));
        const two = await readFiltered([`${tasks}-`, `${cases}-`], ['CaseOpened', 'TaskAssigned']);
        expect(two.map((e) => e.type).sort()).toEqual([
          ...Array(3).fill('CaseOpened'),
          ...Array(3).fill('TaskAssigned'),
        ]);
      });

      it('pages with an exclusive after position and maxCount', async () => {
        const pages: RecordedEvent[][] = [];
        for (let after: Position = 0n; ;) {
          const page = await store.readAll({
            after,
            maxCount: 4,
            filter: { streamPrefixes: [`${tasks}-`, `${cases}-`] },
          });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(4);
          pages.push(page);
          after = page[page.length - 1].position;
        }
        expect(summary(pages.flat())).toEqual(summary(written));
        const fromMiddle = await readFiltered([`${tasks}-`, `${cases}-`]);
        const tail = await store.readAll({
          after: written[4].position,
          filter: { streamPrefixes: [`${tasks}-`, `${cases}-`] },
        });
        expect(summary(tail)).toEqual(summary(fromMiddle.slice(5)));
      });

      it('looks no further than `through` (inclusive)', async () => {
        const filter = { streamPrefixes: [`${tasks}-`, `${cases}-`] };
        const through = written[5].position;
        const upTo = await store.readAll({ after: 0n, maxCount: 1000, filter, through });
        expect(summary(upTo)).toEqual(summary(written.slice(0, 6)));
        const between = await store.readAll({
          after: written[1].position,
          maxCount: 1000,
          filter: { ...filter, eventTypes: ['TaskListed'] },
          through,
        });
        expect(summary(between)).toEqual(
          summary(written.slice(2, 6).filter((e) => e.type === 'TaskListed')),
        );
      });

      it('returns at least the metadata fields a reader asks for, the events otherwise whole', async () => {
        const filter = { streamPrefixes: [`${tasks}-`, `${cases}-`] };
        const asked = ['recordedAt', 'schemaVersion'] as const;
        const slim = await store.readAll({ after: 0n, filter, metadataFields: asked });
        const whole = await store.readAll({ after: 0n, filter });
        const apart = (e: RecordedEvent) => ({ ...e, metadata: undefined });
        expect(slim.map(apart)).toEqual(whole.map(apart));
        slim.forEach((e, i) => {
          for (const f of asked) expect(e.metadata[f]).toEqual(whole[i].metadata[f]);
        });
        expect(typeof slim[0].metadata.recordedAt).toBe('string');
        expect(typeof slim[0].metadata.schemaVersion).toBe('number');
      });

      if (!shared) {
        it('reads everything unfiltered, and the head is the newest position', async () => {
          const all = await store.readAll({ after: written[0].position - 1n, maxCount: 10_000 });
          expect(all.map((e) => e.position)).toContain(written[written.length - 1].position);
          expect(await store.headPosition()).toBe(all[all.length - 1].position);
        });
      }
    });

    describe('subscriptions', () => {
      const subs: EventSubscription[] = [];
      afterEach(async () => {
        await Promise.all(subs.splice(0).map((s) => s.close()));
      });
      const subscribe = (prefix: string, after: Position = 0n): EventSubscription => {
        const sub = store.subscribeToAll({ after, filter: { streamPrefixes: [prefix] } });
        subs.push(sub);
        return sub;
      };
      const fill = async (prefix: string, n: number): Promise<RecordedEvent[]> => {
        const out: RecordedEvent[] = [];
        for (let i = 0; i < n; i++) {
          const s = `${prefix}${i % 3}`;
          out.push(...(await append(s, 'any', [event('TaskListed', i)])).events);
        }
        return out;
      };

      it('delivers from the start in global order', async () => {
        const prefix = `${category()}-`;
        const written = await fill(prefix, 7);
        expect(summary(await take(subscribe(prefix), 7))).toEqual(summary(written));
      });

      it('delivers from the middle: strictly after the given position', async () => {
        const prefix = `${category()}-`;
        const written = await fill(prefix, 7);
        const got = await take(subscribe(prefix, written[2].position), 4);
        expect(got.map((e) => e.position)).toEqual(written.slice(3).map((e) => e.position));
      });

      it('resumes after being closed from the last seen position: no gap, no duplicate', async () => {
        const prefix = `${category()}-`;
        const written = await fill(prefix, 9);
        const first = subscribe(prefix);
        const seen = await take(first, 4);
        await first.close();
        // Appended while nobody was subscribed.
        written.push(...(await fill(prefix, 3)));
        const resumed = subscribe(prefix, seen[seen.length - 1].position);
        seen.push(...(await take(resumed, written.length - seen.length)));
        expect(summary(seen)).toEqual(summary(written));
        // A sentinel appended afterwards is the very next event: nothing was left over or repeated.
        const sentinel = await append(`${prefix}z`, 'no_stream', 1);
        expect((await take(resumed, 1))[0].position).toBe(sentinel.position);
      });

      it('delivers events appended after subscribing (live)', async () => {
        const prefix = `${category()}-`;
        const before = await fill(prefix, 2);
        const sub = subscribe(prefix);
        expect(summary(await take(sub, 2))).toEqual(summary(before));
        // Now caught up: the next events can only arrive live.
        const pending = take(sub, 3);
        const later = [
          ...(await append(`${prefix}live`, 'no_stream', 1)).events,
          ...(await append(`${prefix}live`, 0n, 2)).events,
        ];
        expect(summary(await pending)).toEqual(summary(later));
      });

      it('stops delivering once closed', async () => {
        const prefix = `${category()}-`;
        await fill(prefix, 1);
        const sub = subscribe(prefix);
        await take(sub, 1);
        await sub.close();
        const next = await within(sub[Symbol.asyncIterator]().next(), 5000, 'closed iterator');
        expect(next.done).toBe(true);
      });
    });

    describe('hash chain', () => {
      it('chains each event to the previous one of its stream and verifies', async () => {
        const s = `${category()}-1`;
        await append(s, 'no_stream', 3);
        await append(s, 2n, [event('TaskAssigned', 9)]);
        await append(`${category()}-other`, 'no_stream', 2); // other streams do not enter this chain
        const events = await store.readStream(s);
        expect(events[0].metadata.prevHash).toBe(GENESIS_HASH);
        for (let i = 1; i < events.length; i++) {
          expect(events[i].metadata.prevHash).toBe(events[i - 1].metadata.hash);
        }
        expect(new Set(events.map((e) => e.metadata.hash)).size).toBe(4);
        const verified = await verifyStream(store, s);
        expect(verified).toMatchObject({
          streamId: s,
          ok: true,
          events: 4,
          headHash: events[3].metadata.hash,
        });
        expect(verified.firstBad).toBeUndefined();
      });

      it('names the first event whose stored content no longer matches its hash', async () => {
        const s = `${category()}-1`;
        await append(s, 'no_stream', 4);
        const events = await store.readStream(s);
        const tampered = events.map((e) =>
          e.revision === 2n ? { ...e, data: { ...e.data, title: '已整改（篡改）' } } : e,
        );
        expect(verifyEvents(s, tampered)).toMatchObject({
          ok: false,
          events: 2,
          firstBad: { revision: 2n, eventId: events[2].eventId, problem: 'hash' },
        });
      });
    });

    describe('bad input', () => {
      /** Every bad request is a BadInputError with code BAD_USER_INPUT, and writes nothing. */
      const rejectsAsBadInput = async (request: AppendRequest): Promise<void> => {
        const headBefore = shared ? undefined : await store.headPosition();
        const attempt = store.append(request);
        await expect(attempt).rejects.toBeInstanceOf(BadInputError);
        await expect(attempt).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
        if (typeof request.streamId === 'string' && /^c[a-z0-9]+-/.test(request.streamId)) {
          expect(await store.readStream(request.streamId)).toEqual([]);
        }
        if (!shared) expect(await store.headPosition()).toBe(headBefore);
      };
      const request = (overrides: Partial<AppendRequest>): AppendRequest => ({
        streamId: `${category()}-1`,
        expectedRevision: 'any',
        events: [event('TaskListed', 1)],
        context: context(),
        ...overrides,
      });

      it.each([
        ['empty', ''],
        ['no id part', 'task'],
        ['empty id part', 'task-'],
        ['upper-case category', 'Task-1'],
        ['a space', 'task 1'],
        ['trailing space', 'task-1 '],
        ['a KurrentDB system stream', '$all'],
        ['a KurrentDB projection stream', '$ce-task'],
        ['a path', 'task-../../etc'],
        ['personal data (a name)', 'task-张三'],
        ['over 200 characters', `task-${'x'.repeat(300)}`],
      ])('rejects an invalid stream name: %s', async (_what, streamId) => {
        await rejectsAsBadInput(request({ streamId }));
      });

      it('rejects a non-string stream name', async () => {
        await rejectsAsBadInput(request({ streamId: 42 as unknown as string }));
      });

      it('rejects an event over 1 MiB (counted in UTF-8 bytes) and accepts one just under', async () => {
        // 350,000 Chinese characters are 1,050,000 bytes: over the limit though only 350,000 chars.
        await rejectsAsBadInput(
          request({ events: [{ type: 'EvidenceAttached', data: { text: '证'.repeat(350_000) } }] }),
        );
        await rejectsAsBadInput(
          request({
            events: [{ type: 'EvidenceAttached', data: { text: 'x'.repeat(1024 * 1024) } }],
          }),
        );
        const s = `${category()}-1`;
        const ok = await append(s, 'no_stream', [
          { type: 'EvidenceAttached', data: { text: '证'.repeat(340_000) } },
        ]);
        expect((await store.readStream(s))[0].data.text).toHaveLength(340_000);
        expect(ok.revision).toBe(0n);
      });

      class Money {
        constructor(readonly fen: number) {}
      }
      it.each<[string, unknown]>([
        ['a function', { handler: () => 1 }],
        ['NaN', { score: Number.NaN }],
        ['Infinity', { score: Number.POSITIVE_INFINITY }],
        ['a class instance', { fine: new Money(100) }],
        ['a Date', { at: new Date() }],
        ['a Map', { m: new Map([['a', 1]]) }],
        ['a BigInt', { amount: 10n }],
        ['undefined', { note: undefined }],
        ['a symbol', { s: Symbol('x') }],
        ['a nested bad value', { a: { b: [1, { c: Number.NaN }] } }],
        ['an array as data', [1, 2]],
        ['null as data', null],
        ['a string as data', '整改'],
      ])('rejects event data containing %s', async (_what, data) => {
        await rejectsAsBadInput(request({ events: [{ type: 'TaskListed', data: data as never }] }));
      });

      it('rejects the whole append when only a later event is bad', async () => {
        await rejectsAsBadInput(
          request({
            events: [event('TaskListed', 1), { type: 'TaskAssigned', data: { x: Number.NaN } }],
          }),
        );
      });

      it.each<[string, unknown]>([
        ['latest', 'latest'],
        ['a negative revision', -1n],
        ['a number instead of a bigint', 3],
        ['a numeric string', '3'],
        ['null', null],
        ['undefined', undefined],
      ])('rejects an unknown expected revision: %s', async (_what, expectedRevision) => {
        await rejectsAsBadInput(
          request({ expectedRevision: expectedRevision as ExpectedRevision }),
        );
      });

      it('rejects invalid event types, empty appends and a missing commandId or actor', async () => {
        await rejectsAsBadInput(request({ events: [{ type: 'taskListed', data: {} }] }));
        await rejectsAsBadInput(request({ events: [{ type: '', data: {} }] }));
        await rejectsAsBadInput(request({ events: [] }));
        await rejectsAsBadInput(request({ context: { ...context(), commandId: '' } }));
        await rejectsAsBadInput(
          request({
            context: { ...context(), actor: undefined as unknown as AppendContext['actor'] },
          }),
        );
      });

      it('rejects an actor without a name, role or organisation, and non-text context fields', async () => {
        for (const field of ['name', 'role', 'organisation'] as const) {
          const actor = {
            ...context().actor,
            [field]: undefined,
          } as unknown as AppendContext['actor'];
          await rejectsAsBadInput(request({ context: { ...context(), actor } }));
        }
        for (const field of ['correlationId', 'causationId', 'reason'] as const) {
          await rejectsAsBadInput(
            request({ context: { ...context(), [field]: 7 } as unknown as AppendContext }),
          );
        }
      });
    });

    describe('personal data as salted commitments', () => {
      const PATH = 'data.leader.phone';
      const personal = (phone: string | null): NewEvent => ({
        type: 'TaskAssigned',
        schemaVersion: 2,
        data: { leader: { name: '李某', phone }, note: '电话仅内部可见' },
        personal: [PATH],
      });
      const commitmentIn = (e: RecordedEvent): string =>
        ((e.data.leader as Record<string, unknown>).phone as { commitment: string }).commitment;

      it('stores and hashes the commitment, keeps value and salt beside it, and verifies', async () => {
        const s = `${category()}-1`;
        const [written] = (await append(s, 'no_stream', [personal('13800000001')])).events;
        const [read] = await store.readStream(s);
        expect(read.data).toEqual(written.data);
        expect(JSON.stringify(read.data)).not.toContain('13800000001');
        expect(read.data).toMatchObject({ leader: { name: '李某' }, note: '电话仅内部可见' });
        expect(verifyEvents(s, [read]).ok).toBe(true);
        const [secret] = await store.readPersonalData([commitmentIn(read)]);
        expect(secret).toMatchObject({ eventId: read.eventId, path: PATH });
        expect(JSON.parse(secret.value)).toBe('13800000001');
        expect((await store.findEvent(read.eventId))?.metadata.hash).toBe(read.metadata.hash);
      });

      it('a null value is no personal data; a retried command keeps the first salt', async () => {
        const s = `${category()}-1`;
        const [none] = (await append(s, 'no_stream', [personal(null)])).events;
        expect(none.data).toMatchObject({ leader: { phone: null } });
        const commandId = randomUUID();
        const first = await append(s, 0n, [personal('13800000002')], commandId);
        const retry = await append(s, 0n, [personal('13800000002')], commandId);
        expect(retry.duplicate).toBe(true);
        expect(commitmentIn(retry.events[0])).toBe(commitmentIn(first.events[0]));
        expect(await store.readPersonalData([commitmentIn(first.events[0])])).toHaveLength(1);
      });

      it('erasing a value leaves the event, its hash and the chain as they were', async () => {
        const s = `${category()}-1`;
        await append(s, 'no_stream', [personal('13800000003'), event('TaskListed', 1)]);
        const [event0] = await store.readStream(s);
        const ref = { eventId: event0.eventId, path: PATH, commitment: commitmentIn(event0) };
        expect(await store.erasePersonalData(ref)).toBe(true);
        expect(await store.erasePersonalData(ref)).toBe(false);
        expect(await store.readPersonalData([ref.commitment])).toEqual([]);
        expect(await store.readStream(s)).toEqual(
          expect.arrayContaining([expect.objectContaining({ data: event0.data })]),
        );
        expect((await verifyStream(store, s)).ok).toBe(true);
      });

      it('rejects a personal path outside the data, writing nothing', async () => {
        const s = `${category()}-1`;
        await expect(
          store.append({
            streamId: s,
            expectedRevision: 'any',
            events: [{ ...personal('1'), personal: ['metadata.actor'] }],
            context: context(),
          }),
        ).rejects.toBeInstanceOf(BadInputError);
        expect(await store.readStream(s)).toEqual([]);
      });
    });
  });
}
