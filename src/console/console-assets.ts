import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';

/** Built by `npm run build:web` (Vite) into dist/web: index.html, graphiql.html and assets/. */
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Everything loads from this server (government networks are often offline, and a page that pulls
 * script from elsewhere is one more party to trust): the policy names no other origin. Workers are
 * the IDE's editor; inline styles are what ECharts and the editor set on elements.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ASSET_NAME = /^[A-Za-z0-9_.-]+$/;

export interface AssetRequest extends IncomingMessage {
  readonly path?: string;
}

/** The console's page, the IDE's page and their hashed assets, read from the build directory. */
export class ConsoleAssets {
  private readonly pages = new Map<string, Buffer>();

  constructor(private readonly dir: string) {}

  get built(): boolean {
    return existsSync(join(this.dir, 'index.html'));
  }

  /** Sends a page (index.html or graphiql.html): never cached, so a new build shows at once. */
  page(name: 'index.html' | 'graphiql.html', req: IncomingMessage, res: ServerResponse): void {
    let body = this.pages.get(name);
    if (!body) {
      const file = join(this.dir, name);
      if (!existsSync(file)) return this.missing(res);
      body = readFileSync(file);
      this.pages.set(name, body);
    }
    this.headers(res, TYPES['.html'], body.length);
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** Sends /assets/<name>; false when there is no such file (the caller answers 404). */
  asset(name: string, req: IncomingMessage, res: ServerResponse): boolean {
    if (!ASSET_NAME.test(name) || name.startsWith('.')) return false;
    const file = join(this.dir, 'assets', name);
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return false;
      size = stat.size;
    } catch {
      return false;
    }
    this.headers(res, TYPES[extname(name)] ?? 'application/octet-stream', size);
    // Vite puts a content hash in every asset name: a changed file is a new name.
    res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
    return true;
  }

  private headers(res: ServerResponse, type: string, length: number): void {
    res.statusCode = 200;
    res.setHeader('content-type', type);
    res.setHeader('content-length', String(length));
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
  }

  private missing(res: ServerResponse): void {
    res.statusCode = 503;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end('控制台尚未构建：请运行 npm run build / The console is not built: run npm run build\n');
  }
}
