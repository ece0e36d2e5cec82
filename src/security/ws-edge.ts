import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Disposable, ServerOptions } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LimitsConfig } from '../config/config.js';
import { errorResponse } from '../edge/error-response.js';
import { refuseOverAddressLimit, type AddressLimitDeps } from './address-limit.js';
import { addressOf } from './client-address.js';
import type { TaizhangError } from '../common/errors.js';
import { CapacityExceededError } from './security.errors.js';

/** What graphql-ws's `ws` adapter hands to every hook as `ctx.extra`. */
export interface WsExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

/** Close code and reason for a client dropped as a slow consumer (RFC 6455 1008: policy violation). */
export const SLOW_CONSUMER_CLOSE = 1008;
const SLOW_CONSUMER_REASON = '读取过慢 / Slow consumer: send buffer over the limit';
/** How long a dropped slow consumer gets to take its close frame before the connection is cut. */
const CUT_AFTER_MS = 1000;
const WATCH_EVERY_MS = 250;

/** The transport limits, all applied before the connection's token is looked at. */
type WsTransportLimits = Pick<
  LimitsConfig,
  'bodyLimitBytes' | 'wsConnectionsPerAddress' | 'wsSendBufferBytes' | 'wsSendStallSeconds'
>;

/**
 * The GraphQL WebSocket endpoint with its transport limits, in front of graphql-ws: at the upgrade,
 * the per-address rate limit and a cap on open connections per address (HTTP 429 before any
 * WebSocket exists); messages no larger than the HTTP body limit (`maxPayload`: ws closes with 1009
 * reading the frame header, before buffering the payload); and clients that leave what is sent to
 * them unread, past `wsSendBufferBytes` buffered or for `wsSendStallSeconds`, dropped (1008).
 */
export class WsEdge {
  private readonly wss: WebSocketServer;
  private readonly server: Disposable;
  private readonly perAddress = new Map<string, number>();
  private readonly stalledSince = new WeakMap<WebSocket, number>();
  private readonly addresses = new WeakMap<WebSocket, string>();
  private readonly watch: NodeJS.Timeout;
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    this.upgrade(req, socket, head);

  constructor(
    private readonly http: Server,
    path: string,
    options: ServerOptions<Record<string, unknown> | undefined, WsExtra>,
    private readonly limits: WsTransportLimits,
    private readonly deps: AddressLimitDeps,
  ) {
    this.wss = new WebSocketServer({ noServer: true, path, maxPayload: limits.bodyLimitBytes });
    this.server = useServer(options, this.wss);
    http.on('upgrade', this.onUpgrade);
    this.watch = setInterval(() => this.dropSlowConsumers(), WATCH_EVERY_MS).unref();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.wss.shouldHandle(req)) return refuse(socket, 404, undefined);
    const address = addressOf(req);
    const limited = refuseOverAddressLimit(this.deps, req, 'subscription connect');
    if (limited) return refuse(socket, 429, limited);
    const open = this.perAddress.get(address) ?? 0;
    if (open >= this.limits.wsConnectionsPerAddress) {
      const error = tooManyConnections('address', this.limits.wsConnectionsPerAddress);
      this.log(address, 'subscription connect', error);
      return refuse(socket, 429, error);
    }
    this.perAddress.set(address, open + 1);
    socket.once('close', () => {
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.addresses.set(ws, address);
      quietProtocolErrors(ws);
      this.wss.emit('connection', ws, req);
    });
  }

  private log(address: string | undefined, operation: string, error: TaizhangError): void {
    this.deps.accessLog.refused({ address, operation }, error);
  }

  private dropSlowConsumers(): void {
    const now = performance.now();
    const stallMs = this.limits.wsSendStallSeconds * 1000;
    for (const ws of this.wss.clients) {
      const buffered = ws.bufferedAmount;
      if (buffered === 0 || ws.readyState !== ws.OPEN) {
        this.stalledSince.delete(ws);
        continue;
      }
      const since = this.stalledSince.get(ws) ?? now;
      this.stalledSince.set(ws, since);
      if (buffered <= this.limits.wsSendBufferBytes && now - since < stallMs) continue;
      const error = new CapacityExceededError(
        '读取过慢：未读数据超过发送缓冲上限或停滞过久，连接已断开',
        `Slow consumer: more than ${this.limits.wsSendBufferBytes} bytes left unread, or none read for ${this.limits.wsSendStallSeconds} s; disconnected`,
        'sendBuffer',
        this.limits.wsSendBufferBytes,
      );
      this.log(this.addresses.get(ws), 'subscription connection', error);
      ws.close(SLOW_CONSUMER_CLOSE, SLOW_CONSUMER_REASON);
      // A client that does not read will not read the close frame either.
      setTimeout(() => ws.terminate(), CUT_AFTER_MS).unref();
    }
  }

  /** WebSocket connections open now. */
  get openConnections(): number {
    return this.wss.clients.size;
  }

  /**
   * Stops taking upgrades and closes every connection with `code` and `reason` (a shutdown: 1001,
   * going away), so clients learn why and may reconnect elsewhere. Resolves once they are closed, or
   * after `waitMs`, when those that did not answer the close are cut.
   */
  async closeClients(code: number, reason: string, waitMs = 1000): Promise<void> {
    this.http.off('upgrade', this.onUpgrade);
    const closing = [...this.wss.clients].map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close(code, reason);
        }),
    );
    const cut = setTimeout(() => {
      for (const ws of this.wss.clients) ws.terminate();
    }, waitMs);
    await Promise.all(closing);
    clearTimeout(cut);
  }

  async close(): Promise<void> {
    clearInterval(this.watch);
    this.http.off('upgrade', this.onUpgrade);
    await this.server.dispose();
  }
}

/**
 * A client's protocol errors (a message over `maxPayload`, a bad frame) are the client's doing: ws
 * has already closed the connection with the right code (1009, 1002) when it emits them. They are not
 * passed on to graphql-ws, which would print each one as an internal error with the socket's insides.
 */
function quietProtocolErrors(ws: WebSocket): void {
  const emit = ws.emit.bind(ws);
  ws.emit = ((event: string | symbol, ...args: unknown[]): boolean =>
    event === 'error' && String((args[0] as { code?: unknown })?.code).startsWith('WS_ERR_')
      ? true
      : emit(event, ...args)) as typeof ws.emit;
}

export function tooManyConnections(per: 'address' | 'actor', max: number): CapacityExceededError {
  return new CapacityExceededError(
    `${per === 'address' ? '同一地址' : '同一身份'}的 WebSocket 连接过多（上限 ${max}）`,
    `Too many WebSocket connections from this ${per} (at most ${max})`,
    per === 'address' ? 'connectionsPerAddress' : 'connectionsPerActor',
    max,
  );
}

/** Answers an upgrade request with a plain HTTP refusal and closes the socket. */
function refuse(socket: Duplex, status: number, error: TaizhangError | undefined): void {
  const answer = error ? errorResponse(error) : { headers: {}, body: '' };
  const head = [
    `HTTP/1.1 ${status} ${status === 429 ? 'Too Many Requests' : 'Not Found'}`,
    'Connection: close',
    ...Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${Buffer.byteLength(answer.body)}`,
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${answer.body}`);
}
