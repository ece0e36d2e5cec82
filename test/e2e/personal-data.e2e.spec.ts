import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allProjections } from '../../projections/index.js';
import { readModelFiles } from '../../projections/runner.js';
import { systemActor } from '../../src/common/actor.js';
import type { JsonObject } from '../../src/common/json.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { hashEvent } from '../../src/event-store/hashing.js';
import { commitmentOf, erasePersonalData } from '../../src/event-store/personal-data.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { ERASED, REDACTED } from '../../src/ledger/api/internal-fields.js';
import { assignInput, listTask, mutate, registerInspection, tokens } from '../support/task-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Everything of an entry that goes into its hash, as the ledger serves it. */
const HISTORY = `query($id: String!) { history(streamId: $id) { edges { node {
  position streamId version eventId type recordedAt commandId correlationId reason
  actor { id name role organisation } data changes { field before after } hash prevHash } } } }`;

interface Entry {
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  recordedAt: string;
  commandId: string;
  correlationId: string;
  reason: string | null;
  actor: { id: string; name: string; role: string; organisation: string };
  data: JsonObject;
  changes: { field: string; before: unknown; after: unknown }[];
  hash: string;
  prevHash: string;
}

/** A small phone space an attacker can search: 11-digit mobiles 1380013xxxx. */
const PHONE = '13800132468';
const candidates = (): string[] =>
  Array.from({ length: 10_000 }, (_, i) => `1380013${String(i).padStart(4, '0')}`);

/** The event's hash as recomputed from a served entry with the phone slot filled by `phone`. */
const hashWith = (e: Entry, phone: unknown, schemaVersion: number): string =>
  hashEvent({
    streamId: e.streamId,
    revision: BigInt(e.version - 1),
    eventId: e.eventId,
    type: e.type,
    data: {
      ...e.data,
      responsibleLeader: { ...(e.data.responsibleLeader as JsonObject), phone } as JsonObject,
    },
    metadata: {
      actor: e.actor,
      commandId: e.commandId,
      correlationId: e.correlationId,
      // Not served: a command's events are caused by the command unless said otherwise.
      causationId: e.commandId,
      recordedAt: e.recordedAt,
      ...(e.reason !== null ? { reason: e.reason } : {}),
      schemaVersion,
      prevHash: e.prevHash,
    },
  });

const PUBLISH = `mutation($input: PublishDisclosureInput!) { publishDisclosure(input: $input) {
  disclosure { id sha256 } } }`;
const VERIFY_DISCLOSURE = `query($id: ID!) { verifyDisclosure(id: $id) { ok } }`;

describe("a responsible leader's phone as a salted commitment", () => {
  let t: TestApp;
  let tk: Awaited<ReturnType<typeof tokens>>;
  let officer: string;
  let store: EventStore;

  beforeAll(async () => {
    t = await startTestApp();
    tk = await tokens(t);
    officer = await t.token('DISCLOSURE_OFFICER', '省生态环境厅', { name: '公开专员' });
    store = t.app.get<EventStore>(EVENT_STORE);
    await registerInspection(t, tk.office);
    await listTask(t, tk.office, 'PD1');
    await mutate(
      t,
      tk.office,
      'assignTask',
      assignInput('PD1', { responsibleLeader: { name: '李某', position: '副市长', phone: PHONE } }),
    );
  });
  afterAll(() => t.close());

  const history = async (token: string): Promise<{ raw: string; entries: Entry[] }> => {
    const res = await t.gql<{ history: { edges: { node: Entry }[] } }>(
      HISTORY,
      { id: 'task-PD1' },
      token,
    );
    expect(res.errors).toBeUndefined();
    const raw = JSON.stringify(res);
    // Parsed again in this realm: the fetched objects come from another one, which JCS refuses.
    const { data } = JSON.parse(raw) as { data: { history: { edges: { node: Entry }[] } } };
    return { raw, entries: data.history.edges.map((e) => e.node) };
  };
  const assigned = (entries: Entry[]): Entry => entries.find((e) => e.type === 'TaskAssigned')!;

  it('stores and hashes a commitment, never the phone, and keeps value and salt beside it', async () => {
    const [event] = (await store.readStream('task-PD1')).filter((e) => e.type === 'TaskAssigned');
    expect(event.metadata.schemaVersion).toBe(2);
    const phone = (event.data.responsibleLeader as JsonObject).phone as { commitment: string };
    expect(Object.keys(phone)).toEqual(['commitment']);
    expect(JSON.stringify([event.data, event.metadata])).not.toContain(PHONE);
    const [secret] = await store.readPersonalData([phone.commitment]);
    expect(secret).toMatchObject({ eventId: event.eventId, path: 'data.responsibleLeader.phone' });
    expect(JSON.parse(secret.value)).toBe(PHONE);
    expect(Buffer.from(secret.salt, 'base64url')).toHaveLength(32);
    expect(commitmentOf(Buffer.from(secret.salt, 'base64url'), secret.value)).toBe(
      phone.commitment,
    );
    // The read models never held the value (no file of theirs, nor its log): erasing it from the
    // store erases it everywhere.
    const files = readModelFiles(join(t.dataDir, 'readmodels.db'), allProjections()).filter((f) =>
      existsSync(f),
    );
    expect(files).toContain(join(t.dataDir, 'readmodels.db.ledger'));
    for (const f of files) expect([f, readFileSync(f).includes(PHONE)]).toEqual([f, false]);
  });

  it('brute force from everything a disclosure officer can read finds nothing; with the salt it would', async () => {
    const { raw, entries } = await history(officer);
    const entry = assigned(entries);
    expect(raw).not.toContain(PHONE);
    expect((entry.data.responsibleLeader as JsonObject).phone).toBe(REDACTED);
    const [stored] = (await store.readStream('task-PD1')).filter((e) => e.type === 'TaskAssigned');
    const { commitment } = (stored.data.responsibleLeader as JsonObject).phone as {
      commitment: string;
    };
    const [secret] = await store.readPersonalData([commitment]);
    // Neither the salt nor the commitment is served to this reader.
    expect(raw).not.toContain(secret.salt);
    expect(raw).not.toContain(commitment);

    // The attack of issue 19: every candidate in clear, as the old events hashed it, in both
    // schema versions; and the commitment the attacker could form without the salt.
    const hits = candidates().filter(
      (c) =>
        hashWith(entry, c, 1) === entry.hash ||
        hashWith(entry, c, 2) === entry.hash ||
        hashWith(entry, { commitment: commitmentOf(Buffer.alloc(0), JSON.stringify(c)) }, 2) ===
          entry.hash,
    );
    expect(hits).toEqual([]);

    // The same search holding the salt (which only the store has) finds the phone at once.
    const salt = Buffer.from(secret.salt, 'base64url');
    const found = candidates().filter(
      (c) =>
        hashWith(entry, { commitment: commitmentOf(salt, JSON.stringify(c)) }, 2) === entry.hash,
    );
    expect(found).toEqual([PHONE]);
  });

  it('is opened for the inspection office, auditors and admins, in data and in changes', async () => {
    const admin = await t.token('ADMIN', '省督察办');
    for (const token of [tk.office, tk.auditor, admin]) {
      const entry = assigned((await history(token)).entries);
      expect(entry.data).toMatchObject({ responsibleLeader: { name: '李某', phone: PHONE } });
      expect(entry.changes).toContainEqual(
        expect.objectContaining({
          field: 'responsibleLeader',
          after: { name: '李某', position: '副市长', phone: PHONE },
        }),
      );
    }
  });

  it('an amended phone shows as the change of the phone, opened or redacted', async () => {
    await mutate(t, tk.office, 'amendTask', {
      taskId: 'PD1',
      responsibleLeader: { name: '李某', position: '副市长', phone: '13800139999' },
      reason: '联系电话变更',
    });
    const amended = (token: string) =>
      history(token).then(({ entries }) => entries.find((e) => e.type === 'TaskAmended')!);
    const seen = await amended(tk.office);
    expect(seen.changes).toContainEqual({
      field: 'responsibleLeader.phone',
      before: PHONE,
      after: '13800139999',
    });
    const hidden = await amended(officer);
    expect(hidden.changes).toContainEqual({
      field: 'responsibleLeader.phone',
      before: REDACTED,
      after: REDACTED,
    });
  });

  it('erasing it keeps verify, every chain and an earlier published disclosure valid, and is recorded', async () => {
    const published = await t.gql<{ publishDisclosure: { disclosure: { id: string } } }>(
      PUBLISH,
      {
        input: {
          kind: 'RECTIFICATION_STATUS',
          channel: 'GOVERNMENT_WEBSITE',
          title: '整改情况',
          format: 'CSV',
          inspectionId: 'JX-3',
        },
      },
      officer,
    );
    expect(published.errors).toBeUndefined();
    const disclosureId = published.data!.publishDisclosure.disclosure.id;
    const [event] = (await store.readStream('task-PD1')).filter((e) => e.type === 'TaskAssigned');
    const erasure = {
      eventId: event.eventId,
      path: 'data.responsibleLeader.phone',
      reason: '保存期限届满 / retention ended',
      at: '2030-01-01T00:00:00.000Z',
    };

    await expect(
      erasePersonalData(store, {
        ...erasure,
        actor: { id: 'a', name: '审计', roles: ['AUDITOR'], organisation: '审计厅' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const result = await erasePersonalData(store, { ...erasure, actor: systemActor() });
    expect(result).toMatchObject({ erased: true, event: { type: 'PersonalDataErased' } });
    expect(result.event.metadata.reason).toBe(erasure.reason);
    expect(result.event.data).not.toHaveProperty('value');
    // A rerun records nothing new and finds nothing left to erase.
    const again = await erasePersonalData(store, { ...erasure, actor: systemActor() });
    expect(again).toMatchObject({ erased: false, event: { eventId: result.event.eventId } });

    expect(await store.readPersonalData([result.commitment])).toEqual([]);
    for (const file of readdirSync(t.dataDir).filter((f) => f.includes('.db'))) {
      expect([file, readFileSync(join(t.dataDir, file)).includes(PHONE)]).toEqual([file, false]);
    }
    expect((await verifyAll(store)).failures).toEqual([]);
    const chain = await t.gql<{ verifyStream: { ok: boolean } }>(
      'query { verifyStream(streamId: "task-PD1") { ok } }',
      {},
      tk.auditor,
    );
    expect(chain.data?.verifyStream.ok).toBe(true);
    const disclosure = await t.gql<{ verifyDisclosure: { ok: boolean } }>(
      VERIFY_DISCLOSURE,
      { id: disclosureId },
      officer,
    );
    expect(disclosure.data?.verifyDisclosure.ok).toBe(true);
    const entry = assigned((await history(tk.office)).entries);
    expect((entry.data.responsibleLeader as JsonObject).phone).toBe(ERASED);
    // Older events hash the phone in clear: erasing there would break the chain, so it is refused.
  });
});
