import { JX3_INSPECTION } from './task-fixtures.js';
import type { TestApp } from './test-app.js';

/** GraphQL snippets and token set for the task e2e tests. */
export const TASK_FIELDS = `id taskId version status inspectionId number title problem category regionCode
  regionName leadUnit supportingUnits responsibleLeader { name position } acceptanceUnit target measures
  deadline longTerm signOffTier overdue done scheduleStatus reopenedCount allowedNext asOf
  spotCheck { drawId seed result findings } citySignOff { signer at } provincialSignOff { signer at }`;

export const ENTRY_FIELDS = `position streamId version type recordedAt reason commandId
  actor { id name role organisation } changes { field before after }`;

export async function tokens(t: TestApp) {
  return {
    office: await t.token('INSPECTION_OFFICE', '江西省督察办', { name: '督察办 张某' }),
    lead: await t.token('IMPLEMENTING_ENTITY', '九江市人民政府', { name: '九江市 李某' }),
    acceptor: await t.token('ACCEPTANCE_UNIT', '江西省水利厅', { name: '水利厅 赵某' }),
    city: await t.token('CITY_GOVERNMENT', '九江市人民政府', {
      name: '九江市 王某',
      region: '360400',
    }),
    auditor: await t.token('AUDITOR', '江西省审计厅', { name: '审计 陈某' }),
  };
}

/** Sends a mutation `name(input: $input) { task {...} entry {...} }` and fails on errors. */
export async function mutate(
  t: TestApp,
  token: string,
  name: string,
  input: Record<string, unknown>,
) {
  const res = await t.gql<
    Record<string, { task: Record<string, unknown>; entry: Record<string, unknown> }>
  >(
    `mutation($input: ${name[0].toUpperCase() + name.slice(1)}Input!) {
      ${name}(input: $input) { task { ${TASK_FIELDS} } entry { ${ENTRY_FIELDS} } } }`,
    { input },
    token,
  );
  if (res.errors) throw new Error(`${name}: ${JSON.stringify(res.errors)}`);
  return res.data![name];
}

export async function ledgerCount(t: TestApp, token: string): Promise<number> {
  const res = await t.gql<{ ledger: { totalCount: number } }>(
    '{ ledger { totalCount } }',
    {},
    token,
  );
  return res.data!.ledger.totalCount;
}

export async function registerInspection(t: TestApp, token: string, inspectionId = 'JX-3') {
  const res = await t.gql(
    `mutation($input: RegisterInspectionInput!) { registerInspection(input: $input) {
       inspection { id inspectionId version title } entry { type } } }`,
    { input: { ...JX3_INSPECTION, inspectionId } },
    token,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** A listed task of inspection JX-3 (register the inspection first). */
export const listTask = (t: TestApp, token: string, taskId: string) =>
  mutate(t, token, 'listTask', {
    taskId,
    inspectionId: 'JX-3',
    title: '采砂整治',
    problem: '非法采砂',
  });

export const assignInput = (taskId: string, extra: Record<string, unknown> = {}) => ({
  taskId,
  leadUnit: '九江市人民政府',
  supportingUnits: ['江西省生态环境厅'],
  responsibleLeader: { name: '李某', position: '副市长', phone: '0792-0000000' },
  acceptanceUnit: '江西省水利厅',
  target: '取缔全部非法采砂点位',
  measures: '联合执法，拆除设备，修复岸线',
  deadline: '2025-06-30',
  category: '水生态',
  regionCode: '360428',
  regionName: '九江市都昌县',
  signOffTier: 'PROVINCIAL',
  ...extra,
});
