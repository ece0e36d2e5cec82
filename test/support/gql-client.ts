import type { Role } from '../../src/common/actor.js';
import { mintToken } from '../../src/auth/tokens.js';

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

/**
 * Tests make hundreds of calls as one actor from one address; the rate limits have their own tests.
 */
export const RAISED_RATE_LIMITS = {
  RATE_LIMIT_BURST: '100000',
  ADDRESS_RATE_LIMIT_BURST: '100000',
} as const;

/** What a test needs to talk to a running server: its GraphQL URL, HTTP calls, tokens it accepts. */
export interface GqlClient {
  readonly url: string;
  /** POST a GraphQL operation over HTTP, as a real client would. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GqlResponse<T>>;
  token(
    role: Role | Role[],
    organisation: string,
    extra?: { name?: string; region?: string; ttl?: string; sub?: string },
  ): Promise<string>;
}

/** A client of the server at `url` that signs its tokens with the server's `key`. */
export function gqlClient(url: string, key: Uint8Array): GqlClient {
  return {
    url,
    async gql(query, variables, token) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResponse;
      return { ...body, status: res.status } as never;
    },
    token(role, organisation, extra = {}) {
      const roles = Array.isArray(role) ? role : [role];
      return mintToken(key, {
        subject: extra.sub ?? `${organisation}:${roles[0].toLowerCase()}`,
        name: extra.name ?? `${organisation} ${roles[0]}`,
        roles,
        organisation,
        region: extra.region,
        ttl: extra.ttl,
      });
    },
  };
}
