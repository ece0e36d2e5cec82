import { request } from 'node:http';

export interface PlainResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/**
 * An HTTP request from a chosen loopback address (all of 127.0.0.0/8 reaches a server listening on
 * 127.0.0.1), so a test can be another caller than the one it has just rate-limited.
 */
export function httpFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? 'GET', headers: init.headers, localAddress, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** `{ health { status } }` over HTTP from `localAddress`: the server still answers. */
export async function healthFrom(localAddress: string, graphqlUrl: string): Promise<string> {
  const res = await httpFrom(localAddress, graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ health { status } }' }),
  });
  const body = JSON.parse(res.text) as { data?: { health?: { status?: string } } };
  return body.data?.health?.status ?? `HTTP ${res.status}`;
}
