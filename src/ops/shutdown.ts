import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { Logger } from 'pino';
import { GraphqlWsServer } from '../subscriptions/ws-options.js';
import { Lifecycle } from './lifecycle.js';

export const SHUTDOWN_REASON = '服务正在停止 / Server shutting down';

/**
 * The order of a graceful stop: take no new connections and answer requests on open ones with 503
 * (Lifecycle); close the WebSocket subscriptions with 1001 and a reason; let every request in
 * progress (a command waiting for its commit and the read side) finish; then Nest's shutdown hooks
 * stop the reactors after their current event, the projection runner after its current batch, and
 * close the store once its queued appends are committed.
 */
export async function shutDown(app: INestApplication, logger: Logger): Promise<void> {
  const lifecycle = app.get(Lifecycle);
  const server = app.getHttpServer() as Server;
  lifecycle.startDraining();
  // net.Server's close: stop listening only. http.Server's would also drop idle keep-alive
  // connections at once, racing a client about to send on one; those are answered 503 instead.
  NetServer.prototype.close.call(server);
  await app.get(GraphqlWsServer, { strict: false }).closeAll(SHUTDOWN_REASON);
  logger.info({ inFlight: lifecycle.inFlightCount }, '等待进行中的请求 / finishing requests in progress');
  await lifecycle.whenIdle();
  server.closeIdleConnections();
  await app.close();
}

/**
 * SIGTERM (and SIGINT) stop the server gracefully within `timeoutMs`; past it the process exits
 * with status 1 and says what was still running. A second signal changes nothing.
 */
export function stopOnSignals(app: INestApplication, logger: Logger, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info({ signal, timeoutMs }, '正在停止 / shutting down');
    const hard = setTimeout(() => {
      logger.error(
        { inFlight: app.get(Lifecycle).inFlightCount, timeoutMs },
        '停止超时，强制退出 / shutdown timed out; exiting',
      );
      logger.flush();
      process.exit(1);
    }, timeoutMs);
    shutDown(app, logger).then(
      () => {
        clearTimeout(hard);
        logger.info({ ms: Date.now() - started }, '已停止 / stopped');
        logger.flush();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, '停止时出错 / shutdown failed');
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
