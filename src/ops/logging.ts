import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { format } from 'node:util';
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestActor } from '../auth/request-actor.js';
import type { OpsConfig } from '../config/config.js';
import { addressOf } from '../security/client-address.js';

/** Paths of the probes and the scrape: logged at debug, or every probe would fill the log. */
export const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

const REDACTED_TOKEN = '[REDACTED token]';
const REDACTED_PHONE = '[REDACTED phone]';
/** A JWT (three base64url parts, the first a JSON header) or a bearer credential of any form. */
const TOKEN = /\beyJ[\w-]{4,}\.[\w-]+\.[\w-]*|\b(Bearer\s+)[\w.~+/-]+=*/gi;
/**
 * Phone numbers as a leader's phone is written: mainland mobiles (1[3-9] and nine digits, with or
 * without +86) and landlines with an area code (0792-1234567). Digits inside longer numbers (ids,
 * positions, hashes) do not match.
 */
const PHONE = /(?<![\w.])(?:\+?86[-\s]?)?1[3-9]\d{9}(?![\w])|(?<![\w.])0\d{2,3}-\d{7,8}(?![\w])/g;
/** Keys whose values are never logged, whatever they hold. */
const SECRET_KEYS = /^(authorization|cookie|set-cookie|token|password|phone|mobile|tel|salt)$/i;

export function scrubText(text: string): string {
  return text
    .replace(TOKEN, (_, bearer?: string) =>
      bearer ? `${bearer}${REDACTED_TOKEN}` : REDACTED_TOKEN,
    )
    .replace(PHONE, REDACTED_PHONE);
}

/**
 * What a log line may carry: strings without tokens or phone numbers, secret-named keys blanked,
 * errors as plain objects (their message and stack scrubbed too). Bounded in depth.
 */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (value instanceof Error) {
    const fields = scrub({ ...value }, depth + 1) as Record<string, unknown>;
    return {
      ...fields,
      type: value.name,
      message: scrubText(value.message),
      ...(value.stack ? { stack: scrubText(value.stack) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEYS.test(key) ? '[REDACTED]' : scrub(v, depth + 1);
  }
  return out;
}

/** The request being served, for lines logged while serving it (their request id and actor). */
const serving = new AsyncLocalStorage<IncomingMessage & { id?: unknown }>();

/**
 * The process's logger: JSON lines on stdout with ISO times, or pino-pretty's lines in development.
 * Every argument is scrubbed before it is written (scrub above). Lines logged while a request is
 * served carry its `reqId` and, once known, the actor's subject.
 */
export function createLogger(ops: Pick<OpsConfig, 'logLevel' | 'logFormat'>): Logger {
  return pino({
    level: ops.logLevel,
    base: { pid: process.pid, service: 'taizhang' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // The request log line carries its own request fields (pino-http's child bindings).
    mixin: (merge) => {
      const req = serving.getStore();
      if (!req || 'responseTime' in merge) return {};
      const actor = requestActor(req);
      return { reqId: req.id, ...(actor ? { actor: actor.id } : {}) };
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => scrub(a)) as Parameters<typeof method>);
      },
    },
    ...(ops.logFormat === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } }
      : {}),
  });
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * Express middleware: one line per answered request (method, path without its query, status, time,
 * address, request id, actor's subject), never its headers or body. A caller's `x-request-id` is kept
 * when it is a plain id, so a line can be matched with the proxy's; it is echoed in the response.
 */
export function requestLogging(logger: Logger) {
  const http = pinoHttp({
    logger,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'reqId' },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    customProps: (req: IncomingMessage) => {
      const actor = requestActor(req);
      return actor ? { actor: actor.id } : {};
    },
    customLogLevel: (req: IncomingMessage, res: ServerResponse, error?: Error) => {
      // 503: answered on purpose (shutting down, or a probe saying unready), not a failure.
      if (res.statusCode === 503 && !error) return 'warn';
      if (error || res.statusCode >= 500) return 'error';
      return PROBE_PATHS.has(pathOf(req)) ? 'debug' : 'info';
    },
    // pino-http makes up an error for every 5xx; a 503 it did not see thrown carries none.
    customErrorObject: (
      _req: IncomingMessage,
      res: ServerResponse,
      _error: Error,
      value: Record<string, unknown>,
    ) =>
      res.statusCode === 503 && !(res as { err?: unknown }).err
        ? { ...value, err: undefined }
        : value,
    serializers: {
      req: (req: IncomingMessage & { raw?: IncomingMessage }) => {
        const raw = req.raw ?? req;
        return { method: raw.method, path: pathOf(raw), address: addressOf(raw) };
      },
      // pino-http hands over its wrapped response; the status is the raw one's, set once answered.
      res: (res: { statusCode?: number | null; raw?: ServerResponse }) => ({
        status: res.raw?.statusCode ?? res.statusCode,
      }),
      err: pino.stdSerializers.err,
    },
  });
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    http(req, res);
    serving.run(req, next);
  };
}

const pathOf = (req: IncomingMessage): string => (req.url ?? '').split('?')[0].slice(0, 200);

/** Nest's own messages (startup, its error reports) through the same logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'info' | 'warn' | 'error' | 'debug' | 'trace' | 'fatal', args: unknown[]) {
    const [message, ...rest] = args;
    // Nest passes the context (the class) last, and a stack before it for errors.
    const context = typeof rest[rest.length - 1] === 'string' ? rest.pop() : undefined;
    if (message instanceof Error) this.logger[level]({ err: message, context }, message.message);
    else this.logger[level]({ context, ...(rest.length ? { detail: rest } : {}) }, String(message));
  }

  log(...args: unknown[]) {
    this.write('info', args);
  }
  error(...args: unknown[]) {
    this.write('error', args);
  }
  warn(...args: unknown[]) {
    this.write('warn', args);
  }
  debug(...args: unknown[]) {
    this.write('debug', args);
  }
  verbose(...args: unknown[]) {
    this.write('trace', args);
  }
  fatal(...args: unknown[]) {
    this.write('fatal', args);
  }
}

/**
 * The server's own `console` calls (the read side's and the exchange's error reports, the start
 * line) become log lines too, so everything the server prints is one JSON line of the same shape.
 */
export function consoleToLogger(logger: Logger): void {
  const line =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      const error = args.find((a): a is Error => a instanceof Error);
      const text = format(...args.map((a) => (a instanceof Error ? a.message : a)));
      if (error) logger[level]({ err: error }, text);
      else logger[level](text);
    };
  console.debug = line('debug');
  console.log = line('info');
  console.info = line('info');
  console.warn = line('warn');
  console.error = line('error');
}
