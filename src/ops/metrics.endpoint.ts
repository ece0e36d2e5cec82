import {
  Controller,
  Get,
  Inject,
  Injectable,
  Res,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONFIG, type Config } from '../config/config.js';
import { Metrics } from './metrics.js';

async function scrape(metrics: Metrics, res: ServerResponse): Promise<void> {
  const text = await metrics.text();
  res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
  res.end(text);
}

/** METRICS=api: `GET /metrics` on the API's own port, without a token (for a trusted network). */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get('metrics')
  metricsText(@Res() res: ServerResponse): Promise<void> {
    return scrape(this.metrics, res);
  }
}

/**
 * METRICS=port: `GET /metrics` on a listener of its own (METRICS_HOST:METRICS_PORT, loopback by
 * default), so the API's port never serves them and a firewall can keep them private.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.ops.metrics !== 'port') return;
    const server = createServer((req, res) => {
      if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/metrics') {
        scrape(this.metrics, res).catch(() => {
          res.writeHead(500).end();
        });
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
    });
    server.listen(this.config.ops.metricsPort, this.config.ops.metricsHost);
    await once(server, 'listening');
    this.server = server;
  }

  /** Where the metrics listener is (its port, when METRICS_PORT=0). */
  address(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null) ?? undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
  }
}
