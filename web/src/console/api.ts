import { getToken } from '../shared/token';

/**
 * The console is one more GraphQL client: every read goes through POST /graphql with the user's
 * own token, so a role sees in the console exactly what the API lets it see.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface GqlError {
  message: string;
  extensions?: { code?: string; messageZh?: string; zh?: string };
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = getToken();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: GqlError[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError(`服务器无响应 / no answer from the server (HTTP ${res.status})`);
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(e.message, e.extensions?.code);
  }
  if (!body.data) throw new ApiError(`HTTP ${res.status}`);
  return body.data;
}

/** A file route with the bearer token; answers the exact bytes. */
export async function download(path: string): Promise<{ bytes: Uint8Array; type: string }> {
  const token = getToken();
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { errors?: GqlError[]; message?: string };
      message = body.errors?.[0]?.message ?? body.message ?? message;
    } catch {
      // not JSON: keep the status
    }
    throw new ApiError(message);
  }
  return {
    bytes: new Uint8Array(await res.arrayBuffer()),
    type: res.headers.get('content-type') ?? 'application/octet-stream',
  };
}
