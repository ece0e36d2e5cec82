import { AsyncLocalStorage } from 'node:async_hooks';

/** What the edge knows of a request's origin, kept for everything that runs on its behalf. */
interface Origin {
  readonly address: string;
}

const origin = new AsyncLocalStorage<Origin>();

/** Anything with the socket it came in on: an Express request, a WebSocket upgrade request. */
export interface FromSocket {
  readonly socket?: { readonly remoteAddress?: string } | null;
}

/**
 * The peer address of the connection, IPv4-mapped IPv6 written as IPv4. Never a forwarded header:
 * a client sets those itself (behind a reverse proxy, every caller is the proxy's address).
 */
export function addressOf(req: FromSocket | undefined): string {
  const raw = req?.socket?.remoteAddress ?? '?';
  return raw.startsWith('::ffff:') && raw.includes('.') ? raw.slice(7) : raw;
}

/** Runs `fn` (and everything it starts) as done for a caller at `address`. */
export function withClientAddress<T>(address: string, fn: () => T): T {
  return origin.run({ address }, fn);
}

/** The address of the caller the current work is for, when it came through the edge. */
export function currentClientAddress(): string | undefined {
  return origin.getStore()?.address;
}
