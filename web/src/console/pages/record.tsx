import { useState } from 'preact/hooks';
import { gql } from '../api';
import { fromHex, leafHashOf, rootFromInclusion, toHex } from '../../shared/sha256';
import { CHANNEL_LABELS, KIND_LABELS, endOfDay, show, short, statusLabel, when } from '../labels';
import { go, href, type Route } from '../router';
import type { ChainView, Connection, EntryView, ProofView } from '../types';
import { Field, Loading, LOADING_TEXT, Problem, useLoad } from '../ui';
import { DisclosureDownload } from './disclosures';

/** What each kind of record shows of its state, and the query that reads it (now or at asOf). */
const KINDS: Record<
  string,
  { label: string; query: string; root: string; fields: [string, string][] }
> = {
  task: {
    label: '整改任务 Task',
    root: 'task',
    query: `task(id: $id, asOf: $asOf) { version asOf inspectionId number title problem status category regionName leadUnit supportingUnits acceptanceUnit target measures deadline longTerm signOffTier overdue done scheduleStatus lastProgressAt progressReportCount reopenedCount amendmentCount signedOffAt updatedAt allowedNext }`,
    fields: [
      ['status', '状态 Status'],
      ['version', '版本 Version'],
      ['title', '标题 Title'],
      ['problem', '问题 Problem'],
      ['category', '类别 Category'],
      ['regionName', '地区 Region'],
      ['leadUnit', '牵头单位 Lead unit'],
      ['supportingUnits', '配合单位 Supporting units'],
      ['acceptanceUnit', '验收单位 Acceptance unit'],
      ['target', '整改目标 Target'],
      ['measures', '整改措施 Measures'],
      ['deadline', '整改时限 Deadline'],
      ['longTerm', '长期坚持 Long term'],
      ['signOffTier', '销号层级 Sign-off tier'],
      ['overdue', '逾期 Overdue'],
      ['done', '已完成 Done'],
      ['scheduleStatus', '序时进度 Schedule'],
      ['lastProgressAt', '最近报送 Last report'],
      ['progressReportCount', '进展报送次数 Reports'],
      ['reopenedCount', '重新打开次数 Reopened'],
      ['amendmentCount', '修订次数 Amendments'],
      ['signedOffAt', '销号时间 Signed off'],
      ['allowedNext', '下一步 Allowed next'],
    ],
  },
  case: {
    label: '责任追究案件 Accountability case',
    root: 'accountabilityCase',
    query: `accountabilityCase(id: $id, asOf: $asOf) { version asOf status inspectionId referenceNumber referredProblem investigatingBody referredOn openedAt linkedTaskIds sourceTaskId closedAt closingSummary investigation { teams interviews findings } persons { name positionAtTheTime rank responsibilityType sanctions { kind status decidingBody decidedOn } exemption { reason } } reopenings { at reason } }`,
    fields: [
      ['status', '状态 Status'],
      ['version', '版本 Version'],
      ['referenceNumber', '文号 Reference'],
      ['referredProblem', '移交问题 Referred problem'],
      ['investigatingBody', '调查机关 Investigating body'],
      ['referredOn', '移交日期 Referred on'],
      ['linkedTaskIds', '关联任务 Linked tasks'],
      ['investigation', '调查 Investigation'],
      ['persons', '责任人 Persons'],
      ['closedAt', '办结 Closed'],
      ['closingSummary', '办结情况 Closing summary'],
      ['reopenings', '重新调查 Reopenings'],
    ],
  },
  disclosure: {
    label: '信息公开 Disclosure',
    root: 'disclosure',
    query: `disclosure(id: $id) { disclosureId kind channel title format inspectionId asOfPosition asOfTime sha256 size reference publishedAt publishedBy { name organisation } contentUrl }`,
    fields: [
      ['title', '标题 Title'],
      ['kind', '类型 Kind'],
      ['channel', '渠道 Channel'],
      ['format', '格式 Format'],
      ['inspectionId', '督察轮次 Inspection'],
      ['asOfPosition', '台账位置 Ledger position'],
      ['asOfTime', '截至 As of'],
      ['sha256', 'SHA-256'],
      ['size', '字节 Bytes'],
      ['reference', '刊载位置 Reference'],
      ['publishedAt', '发布时间 Published'],
      ['publishedBy', '发布人 Published by'],
    ],
  },
  inspection: {
    label: '督察轮次 Inspection',
    root: 'inspection',
    query: `inspection(id: $id) { version title round regionName team onSiteStart onSiteEnd feedbackDate planPublishedDate }`,
    fields: [
      ['title', '名称 Title'],
      ['version', '版本 Version'],
      ['round', '轮次 Round'],
      ['regionName', '地区 Region'],
      ['team', '督察组 Team'],
      ['onSiteStart', '进驻 On site from'],
      ['onSiteEnd', '至 to'],
      ['feedbackDate', '反馈 Feedback'],
      ['planPublishedDate', '整改方案公开 Plan published'],
    ],
  },
};

const HISTORY = `query History($streamId: String!, $first: Int, $after: String) {
  history(streamId: $streamId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { position leafIndex version eventId type recordedAt commandId correlationId reason hash prevHash streamId
      actor { id name role organisation } changes { field before after } } }
  }
  verifyStream(streamId: $streamId) { streamId ok events headHash firstBadVersion firstBadEventId problem }
}`;

const PROOF = `query Proof($position: Position!) {
  inclusionProof(position: $position) { leafIndex treeSize leafHash hashes checkpoint { origin treeSize rootHash note verifierKey } }
}`;

type State = Record<string, unknown>;

function value(kind: string, field: string, v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (field === 'status' && kind === 'task') return `${statusLabel(String(v))} ${String(v)}`;
  if (typeof v === 'boolean') return v ? '是 yes' : '否 no';
  if (field === 'kind' && KIND_LABELS[String(v)]) return KIND_LABELS[String(v)];
  if (field === 'channel' && CHANNEL_LABELS[String(v)]) return CHANNEL_LABELS[String(v)];
  if (field === 'publishedBy' && typeof v === 'object') {
    const p = v as { name: string; organisation: string };
    return `${p.name}（${p.organisation}）`;
  }
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return when(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join('、') || '—';
  return show(v);
}

/** One record: its state now and at a chosen day, its events with their changes, and their proofs. */
export function RecordPage({ route }: { route: Route }) {
  const streamId = route.path[1] ?? '';
  const kindName = streamId.split('-', 1)[0];
  const kind = KINDS[kindName];
  const date = route.query.get('asOf') ?? '';
  const asOfArg = kind?.query.includes('$asOf');
  const state = useLoad(async () => {
    if (!kind) throw new Error(`未知的记录类型 / unknown kind of record: ${streamId}`);
    const params = asOfArg && date ? '($id: ID!, $asOf: DateTime)' : '($id: ID!)';
    const q = `query Record${params} { now: ${kind.query.replace(', asOf: $asOf', '')}${
      asOfArg && date ? ` then: ${kind.query}` : ''
    } }`;
    return gql<{ now: State | null; then?: State | null }>(q, {
      id: streamId,
      ...(asOfArg && date ? { asOf: endOfDay(date) } : {}),
    });
  }, `${streamId}|${date}`);
  const now = state.data?.now;
  const then = state.data?.then;
  // While another day's state loads, the last answer (another day's, or none) is still the data:
  // the day's column must not show it, nor claim the record did not exist yet.
  const thenShown = date && asOfArg && !state.loading;
  return (
    <section aria-labelledby="record-title">
      <p class="muted">{kind?.label ?? '记录 Record'}</p>
      <h1 id="record-title">{(now?.title ?? now?.referredProblem ?? streamId) as string}</h1>
      <p class="muted">
        <code>{streamId}</code>
      </p>
      <Problem error={state.error} />
      <Loading when={state.loading && !state.data} />
      {state.data && !now && <p role="alert">没有这条记录 / No such record.</p>}
      {kind && now && (
        <>
          {asOfArg && (
            <form class="controls" onSubmit={(e) => e.preventDefault()}>
              <Field label="对比日期 Compare with the state as of (end of day)">
                <input
                  type="date"
                  name="asOf"
                  value={date}
                  onChange={(e) =>
                    go(['record', streamId], {
                      asOf: (e.target as HTMLInputElement).value || undefined,
                    })
                  }
                />
              </Field>
            </form>
          )}
          <table class="grid state" data-testid="record-state" aria-busy={state.loading}>
            <caption>记录状态 State of the record</caption>
            <thead>
              <tr>
                <th scope="col">字段 Field</th>
                <th scope="col">现在 Now</th>
                {date && asOfArg && <th scope="col">截至 As of {date}</th>}
              </tr>
            </thead>
            <tbody>
              {kind.fields.map(([f, label]) => {
                const differs = thenShown && show(now[f]) !== show(then?.[f]);
                return (
                  <tr key={f} class={differs ? 'differs' : undefined}>
                    <th scope="row">{label}</th>
                    <td>{value(kindName, f, now[f])}</td>
                    {date && asOfArg && (
                      <td>
                        {!thenShown
                          ? LOADING_TEXT
                          : then
                            ? value(kindName, f, then[f])
                            : '（尚不存在 not yet recorded）'}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          {kindName === 'disclosure' && (
            <DisclosureDownload
              id={String(now.disclosureId)}
              sha256={String(now.sha256)}
              contentUrl={String(now.contentUrl)}
            />
          )}
          <Timeline streamId={streamId} />
        </>
      )}
    </section>
  );
}

function Timeline({ streamId }: { streamId: string }) {
  const [pages, setPages] = useState(1);
  const data = useLoad(
    () =>
      gql<{ history: Connection<EntryView>; verifyStream: ChainView }>(HISTORY, {
        streamId,
        first: 100 * pages,
      }),
    `${streamId}|${pages}`,
  );
  const h = data.data;
  const entries = h?.history.edges.map((e) => e.node) ?? [];
  const head = entries[entries.length - 1];
  return (
    <>
      <h2>哈希链 Hash chain</h2>
      <Problem error={data.error} />
      {h && (
        <p class={h.verifyStream.ok ? 'ok' : 'bad'} data-testid="chain-status">
          {h.verifyStream.ok
            ? `✓ 链完整：${h.verifyStream.events} 个事件，重算一致 / chain intact: ${h.verifyStream.events} events recomputed`
            : `✗ 链断裂：第 ${h.verifyStream.firstBadVersion} 版 ${h.verifyStream.problem} / chain broken at version ${h.verifyStream.firstBadVersion} (${h.verifyStream.problem})`}
          <br />
          <span class="muted">
            链头 Head hash <code>{short(h.verifyStream.headHash, 24)}</code>
          </span>
        </p>
      )}
      {head && (
        <Proof entry={head} label="最新事件的包含证明 Inclusion proof of the latest event" />
      )}
      <h2>时间线 Timeline</h2>
      <ol class="timeline" data-testid="timeline">
        {entries.map((e) => (
          <li key={e.eventId}>
            <div class="when">
              <strong>
                v{e.version} {e.type}
              </strong>{' '}
              · <time dateTime={e.recordedAt}>{when(e.recordedAt)}</time> · {e.actor.name}（
              {e.actor.role}，{e.actor.organisation}）
            </div>
            {e.reason && <div>理由 Reason：{e.reason}</div>}
            {e.changes.length > 0 && (
              <table class="changes">
                <thead>
                  <tr>
                    <th scope="col">字段 Field</th>
                    <th scope="col">之前 Before</th>
                    <th scope="col">之后 After</th>
                  </tr>
                </thead>
                <tbody>
                  {e.changes.map((c) => (
                    <tr key={c.field}>
                      <th scope="row">{c.field}</th>
                      <td>{show(c.before)}</td>
                      <td>{show(c.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <details>
              <summary>哈希与证明 Hash and proof</summary>
              <p class="muted">
                位置 position {e.position} · hash <code>{short(e.hash, 20)}</code> · prev{' '}
                <code>{short(e.prevHash, 20)}</code>
              </p>
              <Proof entry={e} label="包含证明 Inclusion proof" lazy />
            </details>
          </li>
        ))}
      </ol>
      {h?.history.pageInfo.hasNextPage && (
        <button type="button" onClick={() => setPages(pages + 1)}>
          更多事件 More events
        </button>
      )}
      <p>
        <a href={href('ledger', { streamPrefix: streamId })}>在总台账中查看 See in the ledger</a>
      </p>
    </>
  );
}

/** Fetches the inclusion proof of an entry and checks it here, in the browser, against the checkpoint. */
function Proof({ entry, label, lazy }: { entry: EntryView; label: string; lazy?: boolean }) {
  const [asked, setAsked] = useState(!lazy);
  const proof = useLoad(
    () =>
      asked
        ? gql<{ inclusionProof: ProofView }>(PROOF, { position: entry.position }).then(
            (d) => d.inclusionProof,
          )
        : Promise.resolve(undefined),
    `${entry.position}|${asked}`,
  );
  if (!asked)
    return (
      <button type="button" onClick={() => setAsked(true)}>
        取证明 Get the proof
      </button>
    );
  const p = proof.data;
  let verdict: boolean | undefined;
  if (p) {
    const leaf = leafHashOf(entry.hash);
    const root = rootFromInclusion(p.leafIndex, p.treeSize, leaf, p.hashes.map(fromHex));
    verdict = toHex(leaf) === p.leafHash && root !== null && toHex(root) === p.checkpoint.rootHash;
  }
  return (
    <div class="proof" data-testid="proof">
      <h3>{label}</h3>
      <Problem error={proof.error} />
      {p && (
        <>
          <p class={verdict ? 'ok' : 'bad'}>
            {verdict
              ? `✓ 本浏览器已验证：第 ${p.leafIndex} 号叶子在 ${p.treeSize} 个条目的树中 / verified here: leaf ${p.leafIndex} of the tree of ${p.treeSize}`
              : '✗ 证明不成立 / the proof does not verify'}
          </p>
          <details>
            <summary>签名检查点 Signed checkpoint</summary>
            <pre>{p.checkpoint.note}</pre>
            <p class="muted">
              验证密钥 Verifier key <code>{p.checkpoint.verifierKey}</code>
            </p>
          </details>
        </>
      )}
    </div>
  );
}
