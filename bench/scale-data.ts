/**
 * A national store for bench/scale.ts and its CI test: every province's inspection in each round,
 * its rectification tasks and accountability cases, written through the real deciders and the
 * store's append (hash chains, tree). Within an inspection the tasks advance together, one step of
 * each in turn, as a round's tasks do over months, so a record's events lie far apart in the log.
 */
import { toEventActor } from '../src/common/actor.js';
import type { JsonObject } from '../src/common/json.js';
import type { AppendRequest, EventStore } from '../src/event-store/event-store.port.js';
import type { CaseCommand } from '../src/accountability/domain/case.commands.js';
import { caseDecider } from '../src/accountability/domain/case.decider.js';
import type { CaseState } from '../src/accountability/domain/case.state.js';
import { taskDecider } from '../src/tasks/domain/task.decider.js';
import type { TaskState } from '../src/tasks/domain/task.state.js';
import type { Decider, DomainEvent } from '../src/common/decider.js';
import type { Actor } from '../src/common/actor.js';
import {
  PROVINCES,
  actor,
  eventTime,
  inspectionIdOf,
  taskIdOf,
  taskScript,
  writeInspections,
} from './ledger-data.js';

export interface ScalePlan {
  readonly provinces: number;
  readonly rounds: number;
  readonly tasksPerInspection: number;
  /** Events of each task (at least 2; the kind's lifecycle is padded with progress reports). */
  readonly eventsPerTask: number;
  /** One accountability case (CASE_EVENTS events) per this many tasks. */
  readonly tasksPerCase: number;
}

export const CASE_EVENTS = 7;

/** A plan of about `events` events over provinces x rounds inspections. */
export function planFor(events: number, provinces = PROVINCES.length, rounds = 3): ScalePlan {
  const eventsPerTask = 12;
  const tasksPerCase = 20;
  const inspections = provinces * rounds;
  const perTask = eventsPerTask + CASE_EVENTS / tasksPerCase;
  const tasksPerInspection = Math.max(
    1,
    Math.round((events - inspections) / inspections / perTask),
  );
  return { provinces, rounds, tasksPerInspection, eventsPerTask, tasksPerCase };
}

export const inspectionsOf = (plan: ScalePlan): number => plan.provinces * plan.rounds;
export const casesPerInspection = (plan: ScalePlan): number =>
  Math.floor(plan.tasksPerInspection / plan.tasksPerCase);
export const plannedEvents = (plan: ScalePlan): number =>
  inspectionsOf(plan) *
  (1 + plan.tasksPerInspection * plan.eventsPerTask + casesPerInspection(plan) * CASE_EVENTS);

interface Stream<S extends JsonObject, C, E extends DomainEvent> {
  readonly decider: Decider<S, C, E>;
  readonly id: string;
  readonly steps: { command: C; actor: Actor; reason?: string }[];
  readonly time: (k: number) => string;
  state: S;
  revision: bigint;
}

const caseIdOf = (inspection: number, n: number): string =>
  `bench-case-${String(inspection).padStart(4, '0')}-${String(n).padStart(5, '0')}`;

function caseScript(inspection: number, n: number): Stream<CaseState, CaseCommand, DomainEvent> {
  const [, province] = PROVINCES[inspection % PROVINCES.length];
  const body = `${province}纪委监委`;
  const who = actor('DISCIPLINE_AUTHORITY', body);
  const caseId = caseIdOf(inspection, n);
  const person = (k: number): CaseCommand => ({
    type: 'AddAccountablePerson',
    personId: `P${k}`,
    name: `责任人${n % 89}-${k}`,
    positionAtTheTime: k === 1 ? '某县副县长' : '某局局长',
    rank: k === 1 ? 'DIVISION' : 'SECTION',
    organisationType: 'GOVERNMENT',
    responsibilityType: k === 1 ? 'LEADERSHIP' : 'PRIMARY',
  });
  const sanction = (k: number): CaseCommand => ({
    type: 'RecordSanction',
    personId: `P${k}`,
    sanctionId: `S${k}`,
    kind: k === 1 ? 'ADMONISHMENT' : 'GOV_WARNING',
    decidingBody: body,
    decidedOn: '2025-04-01',
  });
  const steps: CaseCommand[] = [
    {
      type: 'OpenAccountabilityCase',
      caseId,
      inspectionId: inspectionIdOf(inspection),
      referredProblem: `（基准测试数据）第 ${n} 起生态环境损害责任追究问题`,
      linkedTaskIds: [],
      investigatingBody: body,
      referredOn: '2025-03-01',
    },
    { type: 'RecordInvestigation', teams: 2, interviews: 12, findings: '调查核实，责任清楚。' },
    person(1),
    person(2),
    sanction(1),
    sanction(2),
    { type: 'CloseAccountabilityCase', summary: '问责到位，结案。' },
  ];
  return {
    decider: caseDecider as unknown as Decider<CaseState, CaseCommand, DomainEvent>,
    id: caseId,
    steps: steps.map((command) => ({ command, actor: who })),
    time: (k) =>
      new Date(Date.parse('2025-03-01T00:00:00.000Z') + (n * 60 + k) * 3_600_000).toISOString(),
    state: caseDecider.initialState(),
    revision: -1n,
  };
}

/** Where the generator's appends go: the store, or the bulk writer (which may drop finished heads). */
export type ScaleSink = Pick<EventStore, 'append'> & { forget?(streamIds: Iterable<string>): void };

/** Decides step k of a stream into its append; the stream is then where the append leaves it. */
function request<S extends JsonObject, C, E extends DomainEvent>(
  s: Stream<S, C, E>,
  k: number,
): AppendRequest {
  const { command, actor: who, reason } = s.steps[k];
  const at = s.time(k);
  const events = s.decider.decide(command, s.state, { actor: who, at, reason });
  const append: AppendRequest = {
    streamId: s.decider.streamPrefix + s.id,
    expectedRevision: s.revision < 0n ? 'no_stream' : s.revision,
    events,
    context: { actor: toEventActor(who), commandId: `bench-${s.id}-${k}`, recordedAt: at, reason },
  };
  // Only this generator writes these streams: the revision an accepted append reaches is known.
  s.revision += BigInt(events.length);
  for (const e of events) s.state = s.decider.evolve(s.state, e);
  return append;
}

/**
 * Inspection n's appends, wave by wave: wave k is step k of each of its tasks and cases in turn, as a
 * round's tasks advance together. Appends within a wave touch distinct streams; a wave's appends
 * must be accepted before the next wave's are made (each expects the revision the last one left).
 */
export function* inspectionWaves(plan: ScalePlan, n: number): Generator<AppendRequest[]> {
  const streams: Stream<JsonObject, unknown, DomainEvent>[] = [];
  for (let t = 0; t < plan.tasksPerInspection; t++) {
    const i = n * plan.tasksPerInspection + t;
    streams.push({
      decider: taskDecider as unknown as Decider<JsonObject, unknown, DomainEvent>,
      id: taskIdOf(i),
      steps: taskScript(i, plan.eventsPerTask, plan.tasksPerInspection),
      time: (k) => eventTime(i, k),
      state: taskDecider.initialState() as TaskState as unknown as JsonObject,
      revision: -1n,
    });
  }
  for (let c = 0; c < casesPerInspection(plan); c++)
    streams.push(caseScript(n, c) as unknown as Stream<JsonObject, unknown, DomainEvent>);
  const longest = Math.max(...streams.map((s) => s.steps.length));
  for (let k = 0; k < longest; k++)
    yield streams.filter((s) => k < s.steps.length).map((s) => request(s, k));
}

/** The streams of inspection n's tasks and cases (finished once its waves are written). */
export function inspectionStreams(plan: ScalePlan, n: number): string[] {
  const ids: string[] = [];
  for (let t = 0; t < plan.tasksPerInspection; t++)
    ids.push(taskDecider.streamPrefix + taskIdOf(n * plan.tasksPerInspection + t));
  for (let c = 0; c < casesPerInspection(plan); c++)
    ids.push(caseDecider.streamPrefix + caseIdOf(n, c));
  return ids;
}

/**
 * Writes the plan: inspections first, then inspection by inspection its tasks and cases, step k of
 * each in turn, `writers` appends at a time. Reports the events written after each inspection.
 * The order of the appends (and so every position) does not depend on `writers` nor on the sink:
 * bench/scale-bulk.ts writes the same log from worker threads.
 */
export async function writeScale(
  store: ScaleSink,
  plan: ScalePlan,
  writers = 64,
  onInspection?: (events: number) => void,
): Promise<number> {
  const inspections = inspectionsOf(plan);
  await writeInspections(store, inspections);
  let written = inspections;
  for (let n = 0; n < inspections; n++) {
    for (const wave of inspectionWaves(plan, n)) {
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(writers, wave.length) }, async () => {
          while (next < wave.length) {
            const append = wave[next++];
            const result = await store.append(append);
            written += append.events.length;
            if (result.revision !== revisionAfter(append))
              throw new Error(`${append.streamId} is not where the generator left it`);
          }
        }),
      );
    }
    store.forget?.(inspectionStreams(plan, n));
    onInspection?.(written);
  }
  return written;
}

const revisionAfter = (append: AppendRequest): bigint =>
  (append.expectedRevision === 'no_stream' ? -1n : (append.expectedRevision as bigint)) +
  BigInt(append.events.length);
