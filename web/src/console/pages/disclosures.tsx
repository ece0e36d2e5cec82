import { useState } from 'preact/hooks';
import { download, gql } from '../api';
import { sha256Hex } from '../../shared/sha256';
import { CHANNEL_LABELS, KIND_LABELS, short, when } from '../labels';
import { go, href, type Route } from '../router';
import { ENUM_VALUES, type Connection, type DisclosureCheck, type DisclosureView } from '../types';
import { Field, Loading, Pager, Problem, usePage } from '../ui';
import { InspectionPicker, useInspections } from './board';

const LIST = `query Disclosures($filter: DisclosureFilter, $first: Int, $after: String) {
  disclosures(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id disclosureId kind channel title format inspectionId asOfPosition asOfTime sha256 size publishedAt contentUrl publishedBy { name organisation } } }
  }
}`;

const VERIFY = `query Verify($id: ID!) { verifyDisclosure(id: $id) { ok recordedSha256 regeneratedSha256 recordedSize regeneratedSize } }`;

/**
 * Downloads exactly the published bytes, checks their SHA-256 here against the record, then hands
 * them to the browser to save; and asks the server to regenerate the document from its position.
 */
export function DisclosureDownload(props: { id: string; sha256: string; contentUrl: string }) {
  const [got, setGot] = useState<{ sha256: string; size: number } | null>(null);
  const [check, setCheck] = useState<DisclosureCheck | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fetchIt = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const file = await download(props.contentUrl);
      const sha256 = await sha256Hex(file.bytes);
      setGot({ sha256, size: file.bytes.length });
      const name = props.contentUrl.split('/').slice(-2, -1)[0] ?? props.id;
      const url = URL.createObjectURL(
        new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = `disclosure-${name}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const verify = async () => {
    setError(undefined);
    try {
      setCheck(
        (await gql<{ verifyDisclosure: DisclosureCheck }>(VERIFY, { id: props.id }))
          .verifyDisclosure,
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div class="download" data-testid="disclosure-download">
      <button type="button" onClick={fetchIt} disabled={busy}>
        下载所发布的文件 Download the published bytes
      </button>{' '}
      <button type="button" onClick={verify}>
        服务器重新生成并核对 Regenerate and verify on the server
      </button>
      <Problem error={error} />
      {got && (
        <p class={got.sha256 === props.sha256 ? 'ok' : 'bad'} data-testid="download-check">
          {got.sha256 === props.sha256
            ? '✓ 与记录一致 matches the record'
            : '✗ 与记录不符 differs from the record'}
          ： 下载 downloaded {got.size} 字节 bytes, SHA-256{' '}
          <code data-testid="download-sha256">{got.sha256}</code>
        </p>
      )}
      {check && (
        <p class={check.ok ? 'ok' : 'bad'} data-testid="verify-check">
          {check.ok
            ? '✓ 重新生成一致 regenerated identically'
            : '✗ 重新生成不一致 regenerated differently'}
          ：{check.regeneratedSize} 字节 bytes, <code>{short(check.regeneratedSha256, 24)}</code>
        </p>
      )}
    </div>
  );
}

/** The list of disclosures with the API's filters; each row to its record, with its download. */
export function DisclosuresPage({ route }: { route: Route }) {
  const q = route.query;
  const inspections = useInspections();
  const key = q.toString();
  const filter = {
    ...(q.get('kind') ? { kind: q.get('kind') } : {}),
    ...(q.get('channel') ? { channel: q.get('channel') } : {}),
    ...(q.get('inspectionId') ? { inspectionId: q.get('inspectionId') } : {}),
  };
  const { cursors, page: list } = usePage(key, (after) =>
    gql<{ disclosures: Connection<DisclosureView> }>(LIST, { filter, first: 20, after }).then(
      (d) => d.disclosures,
    ),
  );
  const set = (name: string, v: string) =>
    go('disclosures', { ...Object.fromEntries(q), [name]: v || undefined });
  return (
    <section aria-labelledby="disclosures-title">
      <h1 id="disclosures-title">信息公开 Disclosures</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <Field label="类型 Kind">
          <select
            value={q.get('kind') ?? ''}
            onChange={(e) => set('kind', (e.target as HTMLSelectElement).value)}
          >
            <option value="">全部 All</option>
            {ENUM_VALUES.DisclosureKind.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="渠道 Channel">
          <select
            value={q.get('channel') ?? ''}
            onChange={(e) => set('channel', (e.target as HTMLSelectElement).value)}
          >
            <option value="">全部 All</option>
            {ENUM_VALUES.DisclosureChannel.map((k) => (
              <option key={k} value={k}>
                {CHANNEL_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <InspectionPicker
          value={q.get('inspectionId') ?? ''}
          items={[
            { inspectionId: '', title: '全部 All', regionName: '' },
            ...(inspections.data ?? []),
          ]}
          onChange={(id) => set('inspectionId', id)}
        />
      </form>
      <Problem error={list.error} />
      <Loading when={list.loading && !list.data} />
      {list.data && (
        <>
          <table class="grid" data-testid="disclosure-list">
            <caption>
              共 {list.data.totalCount} 份 / {list.data.totalCount} disclosures
            </caption>
            <thead>
              <tr>
                <th scope="col">标题 Title</th>
                <th scope="col">类型 Kind</th>
                <th scope="col">渠道 Channel</th>
                <th scope="col">截至 As of</th>
                <th scope="col">发布 Published</th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {list.data.edges.map(({ node: d }) => (
                <tr key={d.id}>
                  <td>
                    <a href={href(['record', d.id])}>{d.title}</a>
                    <div class="muted">
                      {d.format} · {d.size} 字节 bytes
                    </div>
                  </td>
                  <td>{KIND_LABELS[d.kind]}</td>
                  <td>{CHANNEL_LABELS[d.channel]}</td>
                  <td>
                    {when(d.asOfTime)}
                    <div class="muted">位置 position {d.asOfPosition}</div>
                  </td>
                  <td>
                    {when(d.publishedAt)}
                    <div class="muted">{d.publishedBy.name}</div>
                  </td>
                  <td>
                    <code>{short(d.sha256, 16)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            total={list.data.totalCount}
            shown={list.data.edges.length}
            hasNext={list.data.pageInfo.hasNextPage}
            hasPrev={cursors.hasPrev}
            onNext={() => cursors.next(list.data?.pageInfo.endCursor)}
            onPrev={cursors.prev}
          />
        </>
      )}
    </section>
  );
}
