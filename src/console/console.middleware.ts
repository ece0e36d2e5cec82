import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { AuthService } from '../auth/auth.service.js';
import type { TokenKeys } from '../auth/token-keys.js';
import { AUTH_KEY } from '../auth/tokens.js';
import { PROJECT_ROOT } from '../common/paths.js';
import { BadInputError } from '../common/errors.js';
import { CONFIG, type Config } from '../config/config.js';
import { sendError } from '../edge/error-response.js';
import { ReadModels } from '../../projections/read-models.js';
import { DEMO_INSPECTION_ID } from '../demo/demo-plan.js';
import { ConsoleAssets } from './console-assets.js';

export const WEB_DIR = join(PROJECT_ROOT, 'dist', 'web');

/** How long a demo token lives: long enough to look around, short enough not to be kept. */
export const DEMO_TOKEN_TTL = '1h';

/**
 * Whether this server hands out read-only demo tokens: only in the embedded case (it holds its own
 * signing key), with the demo on, and while the demo inspection is the only one in the store. With
 * an identity provider, with --no-demo, or once real records are kept, it never does: a default
 * left on must not open a real ledger to anyone who can reach the port.
 */
export function offersDemoTokens(
  config: Config,
  keys: TokenKeys,
  inspectionIds: readonly string[],
): boolean {
  return (
    config.demo &&
    keys.mode === 'embedded' &&
    keys.signingKey !== undefined &&
    inspectionIds.length > 0 &&
    inspectionIds.every((id) => id === DEMO_INSPECTION_ID)
  );
}

/** A browser asking for a page (not a GraphQL client, which asks for JSON). */
const wantsHtml = (req: IncomingMessage): boolean =>
  (req.method === 'GET' || req.method === 'HEAD') &&
  /\btext\/html\b/.test(req.headers.accept ?? '');

/**
 * The web console at `/`, the GraphQL IDE at `/graphql` for browsers, and their assets, served by
 * the API process itself (docs/console.md). A request for anything else passes through: POST
 * /graphql and GET /graphql from a client asking for JSON reach Apollo, with its CSRF prevention.
 */
@Injectable()
export class ConsoleMiddleware implements NestMiddleware {
  private readonly assets = new ConsoleAssets(WEB_DIR);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(AUTH_KEY) private readonly keys: TokenKeys,
    private readonly auth: AuthService,
    private readonly readModels: ReadModels,
  ) {}

  private demoTokens(): boolean {
    const ids = this.readModels.inspections.all().map((r) => r.state.inspectionId);
    return offersDemoTokens(this.config, this.keys, ids);
  }

  use(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
    const path = (req.url ?? '/').split('?', 1)[0];
    const read = req.method === 'GET' || req.method === 'HEAD';
    if (read && (path === '/' || path === '/index.html'))
      return this.assets.page('index.html', req, res);
    if (path === '/graphql' && wantsHtml(req)) return this.assets.page('graphiql.html', req, res);
    if (read && path.startsWith('/assets/')) {
      if (this.assets.asset(path.slice('/assets/'.length), req, res)) return;
      res.statusCode = 404;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('not found\n');
      return;
    }
    if (read && path === '/console/config') {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.end(JSON.stringify({ demoTokens: this.demoTokens() }));
      return;
    }
    if (req.method === 'POST' && path === '/console/demo-token') {
      void this.demoToken(req, res);
      return;
    }
    next();
  }

  /**
   * A read-only (INTEGRATION) token for the demo, minted with the embedded key. Only as JSON, which a
   * cross-site form cannot send without a CORS preflight this server never grants.
   */
  private async demoToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (!this.demoTokens()) {
        res.statusCode = 404;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(
          JSON.stringify({
            errors: [
              {
                message:
                  '本服务器不签发演示令牌 / This server does not mint demo tokens (embedded key and demo only)',
                extensions: { code: 'NOT_FOUND' },
              },
            ],
          }),
        );
        return;
      }
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
        throw new BadInputError(
          '请以 JSON 请求（content-type: application/json）',
          'Send the request as JSON (content-type: application/json)',
        );
      }
      const token = await this.auth.mint({
        subject: 'demo-visitor',
        name: '演示访客 Demo visitor',
        roles: ['INTEGRATION'],
        organisation: '演示 DEMO',
        ttl: DEMO_TOKEN_TTL,
      });
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.end(JSON.stringify({ token, role: 'INTEGRATION', ttl: DEMO_TOKEN_TTL }));
    } catch (error) {
      sendError(res, error);
    }
  }
}
