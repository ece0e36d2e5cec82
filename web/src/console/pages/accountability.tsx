import { useMemo } from 'preact/hooks';
import { gql } from '../api';
import { Bars } from '../chart';
import { CASE_STATUS_LABELS, RANK_LABELS, endOfDay, when } from '../labels';
import { go, href, type Route } from '../router';
import { ENUM_VALUES, type CaseView, type Connection, type SummaryView } from '../types';
import { Field, Loading, Pager, Problem, useLoad, usePage } from '../ui';
import { InspectionPicker, useInspections } from './board';

const SUMMARY = `query Summary($inspectionId: ID!, $asOf: DateTime) {
  accountabilitySummary(inspectionId: $inspectionId, asOf: $asOf) {
    inspectionId asOf casesReferred casesClosed people personTimes peopleExempted sanctionsCorrected sanctionsWithdrawn investigationTeams interviews
    byRank { rank people personTimes }
    bySanctionKind { kind category severity people personTimes }
    byCategory { category people personTimes }
    compensation { claims concluded pending amountAgreed }
    litigation { referred concluded pending }
  }
  sanctionCatalogue { kind nameZh nameEn }
  disclosures(filter: { kind: ACCOUNTABILITY_SUMMARY, inspectionId: $inspectionId }, first: 5) {
    edges { node { id title publishedAt channel } }
  }
}`;

const CASES = `query Cases($filter: AccountabilityCaseFilter, $first: Int, $after: String) {
  accountabilityCases(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id caseId status referenceNumber referredProblem investigatingBody referredOn updatedAt persons { name } } }
  }
}`;

type Catalogue = { kind: string; nameZh: string; nameEn: string }[];

/** 责任追究: the summary as it would be published, and the cases behind it. */
export function AccountabilityPage({ route }: { route: Route }) {
  const q = route.query;
  const inspections = useInspections();
  const inspectionId = q.get('inspection') ?? inspections.data?.[0]?.inspectionId ?? '';
  const date = q.get('asOf') ?? '';
  const set = (name: string, v: string) =>
    go('accountability', {
      ...Object.fromEntries(q),
      inspection: inspectionId,
      [name]: v || undefined,
    });
  const summary = useLoad(
    () =>
      inspectionId
        ? gql<{
            accountabilitySummary: SummaryView;
            sanctionCatalogue: Catalogue;
            disclosures: Connection<{
              id: string;
              title: string;
              publishedAt: string;
              channel: string;
            }>;
          }>(SUMMARY, { inspectionId, asOf: date ? endOfDay(date) : null })
        : Promise.resolve(undefined),
    `${inspectionId}|${date}`,
  );
  const s = summary.data?.accountabilitySummary;
  const names = useMemo(
    () =>
      new Map(
        (summary.data?.sanctionCatalogue ?? []).map((k) => [k.kind, `${k.nameZh} ${k.nameEn}`]),
      ),
    [summary.data],
  );
  const filter = {
    inspectionId: inspectionId || undefined,
    ...(q.get('status') ? { status: q.get('status') } : {}),
    ...(q.get('rank') ? { rank: q.get('rank') } : {}),
    ...(q.get('sanctionKind') ? { sanctionKind: q.get('sanctionKind') } : {}),
    ...(q.get('investigatingBody') ? { investigatingBody: q.get('investigatingBody') } : {}),
  };
  const key = JSON.stringify(filter);
  const { cursors, page: cases } = usePage(key, (after) =>
    gql<{ accountabilityCases: Connection<CaseView> }>(CASES, { filter, first: 20, after }).then(
      (d) => d.accountabilityCases,
    ),
  );
  const kinds = useMemo(() => (s?.bySanctionKind ?? []).filter((k) => k.personTimes > 0), [s]);
  const categories = useMemo(() => kinds.map((k) => names.get(k.kind) ?? k.kind), [kinds, names]);
  const series = useMemo(
    () => [
      { name: '人数 People', values: kinds.map((k) => k.people), color: '#1565c0' },
      { name: '人次 Person-times', values: kinds.map((k) => k.personTimes), color: '#c62828' },
    ],
    [kinds],
  );
  return (
    <section aria-labelledby="acc-title">
      <h1 id="acc-title">责任追究 Accountability</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <InspectionPicker
          value={inspectionId}
          items={inspections.data}
          onChange={(id) => set('inspection', id)}
        />
        <Field label="截至日期 As of">
          <input
            type="date"
            value={date}
            onChange={(e) => set('asOf', (e.target as HTMLInputElement).value)}
          />
        </Field>
      </form>
      <Problem error={summary.error} />
      <Loading when={summary.loading && !s} />
      {s && (
        <>
          <h2>汇总 Summary {s.asOf ? `（截至 as of ${when(s.asOf)}）` : '（现在 now）'}</h2>
          <ul class="tiles" aria-label="汇总 Summary">
            {(
              [
                ['casesReferred', '移交问题', 'Cases referred'],
                ['casesClosed', '已办结', 'Closed'],
                ['people', '问责人数', 'People'],
                ['personTimes', '人次', 'Person-times'],
                ['peopleExempted', '免予问责', 'Exempted'],
                ['investigationTeams', '调查组', 'Teams'],
              ] as const
            ).map(([k, zh, en]) => (
              <li key={k} class="tile">
                <div>
                  <strong>{s[k]}</strong>
                  <span>
                    {zh} <small>{en}</small>
                  </span>
                </div>
              </li>
            ))}
          </ul>
          <table class="grid">
            <caption>按级别 By rank</caption>
            <thead>
              <tr>
                <th scope="col">级别 Rank</th>
                <th scope="col" class="num">
                  人数 People
                </th>
                <th scope="col" class="num">
                  人次 Person-times
                </th>
              </tr>
            </thead>
            <tbody>
              {s.byRank.map((r) => (
                <tr key={r.rank}>
                  <th scope="row">{RANK_LABELS[r.rank]}</th>
                  <td class="num">{r.people}</td>
                  <td class="num">{r.personTimes}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {kinds.length > 0 && (
            <Bars title="按处理方式 By sanction kind" categories={categories} series={series} />
          )}
          <p>
            生态环境损害赔偿 Damage compensation: {s.compensation.claims}（已结 concluded{' '}
            {s.compensation.concluded}， 金额 agreed ¥{s.compensation.amountAgreed}）· 公益诉讼
            Public-interest litigation: {s.litigation.referred}
          </p>
          <h2>已发布的汇总 Published summaries</h2>
          {summary.data?.disclosures.edges.length ? (
            <ul>
              {summary.data.disclosures.edges.map(({ node: d }) => (
                <li key={d.id}>
                  <a href={href(['record', d.id])}>{d.title}</a>（{when(d.publishedAt)}）
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">尚未发布 / none published yet</p>
          )}
        </>
      )}
      <h2>案件 Cases</h2>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <Field label="状态 Status">
          <select
            value={q.get('status') ?? ''}
            onChange={(e) => set('status', (e.target as HTMLSelectElement).value)}
          >
            <option value="">全部 All</option>
            {ENUM_VALUES.AccountabilityCaseStatus.map((k) => (
              <option key={k} value={k}>
                {CASE_STATUS_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="级别 Rank">
          <select
            value={q.get('rank') ?? ''}
            onChange={(e) => set('rank', (e.target as HTMLSelectElement).value)}
          >
            <option value="">全部 All</option>
            {ENUM_VALUES.OfficialRank.map((k) => (
              <option key={k} value={k}>
                {RANK_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="处理方式 Sanction kind">
          <select
            value={q.get('sanctionKind') ?? ''}
            onChange={(e) => set('sanctionKind', (e.target as HTMLSelectElement).value)}
          >
            <option value="">全部 All</option>
            {ENUM_VALUES.SanctionKind.map((k) => (
              <option key={k} value={k}>
                {names.get(k) ?? k}
              </option>
            ))}
          </select>
        </Field>
        <Field label="调查机关 Investigating body">
          <input
            value={q.get('investigatingBody') ?? ''}
            onChange={(e) => set('investigatingBody', (e.target as HTMLInputElement).value)}
          />
        </Field>
      </form>
      <Problem error={cases.error} />
      {cases.data && (
        <>
          <table class="grid" data-testid="case-list">
            <caption>
              共 {cases.data.totalCount} 件 / {cases.data.totalCount} cases
            </caption>
            <thead>
              <tr>
                <th scope="col">问题 Problem</th>
                <th scope="col">状态 Status</th>
                <th scope="col">调查机关 Investigating body</th>
                <th scope="col">责任人 Persons</th>
                <th scope="col">更新 Updated</th>
              </tr>
            </thead>
            <tbody>
              {cases.data.edges.map(({ node: c }) => (
                <tr key={c.id}>
                  <td>
                    <a href={href(['record', c.id])}>{c.referredProblem}</a>
                    <div class="muted">{c.referenceNumber ?? c.caseId}</div>
                  </td>
                  <td>{CASE_STATUS_LABELS[c.status]}</td>
                  <td>{c.investigatingBody}</td>
                  <td class="num">{c.persons.length}</td>
                  <td>{when(c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            total={cases.data.totalCount}
            shown={cases.data.edges.length}
            hasNext={cases.data.pageInfo.hasNextPage}
            hasPrev={cursors.hasPrev}
            onNext={() => cases.data && cursors.next(cases.data.pageInfo.endCursor)}
            onPrev={cursors.prev}
          />
        </>
      )}
    </section>
  );
}
