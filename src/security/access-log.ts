import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { Actor } from '../common/actor.js';
import type { ErrorCode, TaizhangError } from '../common/errors.js';
import { currentClientAddress } from './client-address.js';

/** One refused attempt: who, what, when, why. */
export interface AccessLogEntry {
  readonly id: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorName: string | null;
  readonly roles: string[];
  readonly organisation: string | null;
  /** e.g. `mutation assignTask`, `query accessLog`, `command AssignTask`, `subscription ledgerEntries`. */
  readonly operation: string;
  /** The record the attempt was aimed at (a stream id), when known. */
  readonly target: string | null;
  readonly code: ErrorCode;
  readonly reason: string;
  /** The caller's network address; null in entries older than the column, and from the CLI. */
  readonly address: string | null;
  /** Identical refusals this entry stands for (collapsed within the collapse window). */
  readonly count: number;
  readonly lastAt: string;
}

export interface AccessLogFilter {
  readonly actorId?: string | null;
  readonly organisation?: string | null;
  readonly code?: string | null;
  readonly operation?: string | null;
  readonly address?: string | null;
  readonly from?: string | null;
  readonly to?: string | null;
}

export type AccessLogRecord = Omit<
  AccessLogEntry,
  'id' | 'actorId' | 'actorName' | 'roles' | 'organisation' | 'address' | 'count' | 'lastAt'
> & {
  readonly actor?: Actor;
  /** Defaults to the address of the request being served (see client-address.ts). */
  readonly address?: string;
};

interface Row {
  id: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  roles: string;
  organisation: string | null;
  operation: string;
  target: string | null;
  code: ErrorCode;
  reason: string;
  address: string | null;
  count: number | null;
  last_at: string | null;
}

const clip = (s: string, n: number): string => (s.length > n ? s.slice(0, n) + '…' : s);

export interface AccessLogOptions {
  /** Entries older than this many days are deleted at open and then daily; 0 keeps them for good. */
  readonly retentionDays?: number;
  /** Identical refusals within this many seconds of the first are counted on its row (default 60). */
  readonly collapseSeconds?: number;
  readonly now?: () => Date;
}

/** An entry still open to collapsing: its row, when its window began, repeats not yet written. */
interface Recent {
  readonly id: number;
  readonly since: number;
  pending: number;
  lastAt: string;
}

/** Repeats are written at most this often: a flood of refusals must not cost a disk sync each. */
const FLUSH_MS = 1000;

/** Recent entries remembered for collapsing, at most (the oldest are forgotten first). */
const MAX_RECENT = 10_000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Refused attempts, kept outside the event ledger on purpose: a refusal writes nothing to the record,
 * and logging one must not either. Its own SQLite file in the data directory.
 */
export class AccessLog {
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly bump: StatementSync;
  private readonly recent = new Map<string, Recent>();
  private flushing?: NodeJS.Timeout;
  private readonly logged = new WeakSet<object>();
  private readonly pruning?: NodeJS.Timeout;
  private readonly listeners = new Set<(code: ErrorCode) => void>();

  constructor(
    dataDir: string,
    private readonly options: AccessLogOptions = {},
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new DatabaseSync(join(dataDir, 'access-log.db'));
    this.db.exec(`PRAGMA journal_mode = WAL;
      CREATE TABLE IF NOT EXISTS access_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL, actor_id TEXT, actor_name TEXT, roles TEXT NOT NULL, organisation TEXT,
        operation TEXT NOT NULL, target TEXT, code TEXT NOT NULL, reason TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS access_log_actor ON access_log (actor_id, id);
      CREATE INDEX IF NOT EXISTS access_log_org ON access_log (organisation, id);
      CREATE INDEX IF NOT EXISTS access_log_at ON access_log (at);`);
    this.addColumns();
    this.insert = this.db.prepare(
      `INSERT INTO access_log (at, actor_id, actor_name, roles, organisation, operation, target, code, reason, address, count, last_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id`,
    );
    this.bump = this.db.prepare(
      'UPDATE access_log SET count = count + ?, last_at = ? WHERE id = ?',
    );
    if (options.retentionDays) {
      this.prune();
      // Daily, and never the reason the process stays up.
      this.pruning = setInterval(() => this.prune(), DAY_MS).unref();
    }
  }

  /** Columns added after the first release: old files gain them, their rows read as one refusal each. */
  private addColumns(): void {
    const have = new Set(
      (this.db.prepare('PRAGMA table_info(access_log)').all() as { name: string }[]).map(
        (c) => c.name,
      ),
    );
    for (const [name, type] of [
      ['address', 'TEXT'],
      ['count', 'INTEGER NOT NULL DEFAULT 1'],
      ['last_at', 'TEXT'],
    ]) {
      if (!have.has(name)) this.db.exec(`ALTER TABLE access_log ADD COLUMN ${name} ${type}`);
    }
    this.db.exec('CREATE INDEX IF NOT EXISTS access_log_address ON access_log (address, id)');
  }

  /** Calls `listener` with the code of every refusal recorded (metrics count them); returns the stop function. */
  onRefused(listener: (code: ErrorCode) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Deletes what is older than the retention period; returns how many entries went. */
  prune(): number {
    const days = this.options.retentionDays;
    if (!days) return 0;
    const cutoff = new Date((this.options.now?.() ?? new Date()).getTime() - days * DAY_MS);
    return Number(
      this.db.prepare('DELETE FROM access_log WHERE at < ?').run(cutoff.toISOString()).changes,
    );
  }

  /**
   * The one way a refusal is recorded, from every edge (GraphQL, file routes, WebSocket, the command
   * path): who tried what, on which record, refused with which error; stamped with the app's clock,
   * and kept once however many layers see the same error.
   */
  refused(
    attempt: Pick<AccessLogRecord, 'actor' | 'operation' | 'address'> & {
      readonly target?: string | null;
      /** Instead of the error's message, when that varies between identical refusals. */
      readonly reason?: string;
    },
    error: TaizhangError,
  ): void {
    this.record(
      {
        at: (this.options.now?.() ?? new Date()).toISOString(),
        ...attempt,
        target: attempt.target ?? null,
        code: error.code,
        reason: attempt.reason ?? error.message,
      },
      error,
    );
  }

  record(entry: AccessLogRecord, error?: object): void {
    if (error) {
      if (this.logged.has(error)) return;
      this.logged.add(error);
    }
    for (const listener of this.listeners) listener(entry.code);
    const values = [
      entry.actor?.id ?? null,
      entry.actor?.name ?? null,
      JSON.stringify(entry.actor?.roles ?? []),
      entry.actor?.organisation ?? null,
      clip(entry.operation, 200),
      entry.target === null ? null : clip(entry.target, 300),
      entry.code,
      clip(entry.reason, 1000),
      entry.address ?? currentClientAddress() ?? null,
    ] as const;
    const key = JSON.stringify(values);
    const at = Date.parse(entry.at);
    const window = (this.options.collapseSeconds ?? 60) * 1000;
    const recent = this.recent.get(key);
    if (recent && at >= recent.since && at - recent.since < window) {
      recent.pending++;
      recent.lastAt = entry.at;
      this.flushing ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
      return;
    }
    // Its window is over: what it counted is written before a new row takes its place.
    if (recent?.pending) this.flush();
    const { id } = this.insert.get(entry.at, ...values, entry.at) as { id: number };
    this.recent.delete(key);
    this.recent.set(key, { id, since: at, pending: 0, lastAt: entry.at });
    if (this.recent.size > MAX_RECENT) {
      const [oldest, r] = this.recent.entries().next().value as [string, Recent];
      if (r.pending) this.flush();
      this.recent.delete(oldest);
    }
  }

  /** Writes the counted repeats, in one transaction. */
  flush(): void {
    clearTimeout(this.flushing);
    this.flushing = undefined;
    const due = [...this.recent.values()].filter((r) => r.pending > 0);
    if (!due.length || !this.db.isOpen) return;
    this.db.exec('BEGIN');
    try {
      for (const r of due) this.bump.run(r.pending, r.lastAt, r.id);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    for (const r of due) r.pending = 0;
  }

  /** Whether this error object was already logged (by the command runner, say). */
  wasLogged(error: object): boolean {
    return this.logged.has(error);
  }

  /** Newest first, after an exclusive id. */
  page(filter: AccessLogFilter, first: number, before?: number) {
    this.flush();
    const clauses: string[] = [];
    const params: SQLInputValue[] = [];
    const add = (clause: string, value: SQLInputValue) => {
      clauses.push(clause);
      params.push(value);
    };
    if (filter.actorId) add('actor_id = ?', filter.actorId);
    if (filter.organisation) add('organisation = ?', filter.organisation);
    if (filter.code) add('code = ?', filter.code);
    if (filter.operation) add('operation = ?', filter.operation);
    if (filter.address) add('address = ?', filter.address);
    if (filter.from) add('at >= ?', filter.from);
    if (filter.to) add('at < ?', filter.to);
    const where = clauses.length ? clauses.join(' AND ') : '1';
    const rows = this.db
      .prepare(`SELECT * FROM access_log WHERE ${where} AND id < ? ORDER BY id DESC LIMIT ?`)
      .all(...params, before ?? Number.MAX_SAFE_INTEGER, first + 1) as unknown as Row[];
    const totalCount = () =>
      (
        this.db.prepare(`SELECT COUNT(*) AS n FROM access_log WHERE ${where}`).get(...params) as {
          n: number;
        }
      ).n;
    return { entries: rows.slice(0, first).map(toEntry), hasNext: rows.length > first, totalCount };
  }

  close(): void {
    this.flush();
    clearInterval(this.pruning);
    if (this.db.isOpen) this.db.close();
  }
}

const toEntry = (r: Row): AccessLogEntry => ({
  id: r.id,
  at: r.at,
  actorId: r.actor_id,
  actorName: r.actor_name,
  roles: JSON.parse(r.roles) as string[],
  organisation: r.organisation,
  operation: r.operation,
  target: r.target,
  code: r.code,
  reason: r.reason,
  address: r.address,
  count: r.count ?? 1,
  lastAt: r.last_at ?? r.at,
});
