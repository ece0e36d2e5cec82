import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { GraphqlWsServer } from '../subscriptions/ws-options.js';
import { Lifecycle } from './lifecycle.js';

export const SHUTDOWN_REASON = '服务正在停止 / Server shutting down';

/**
 * Once no request is in progress, connections clients keep open (keep-alive) are left to close as
 * they would anyway: the client closes each after a response that said `connection: close` (every
 * answer while stopping says so), and an idle one at the keep-alive timeout the server announced,
 * which clients honour with a margin. Closing them at once instead races a client sending its next
 * request on one, which would see the connection reset without an answer. Past the keep-alive
 * timeout and this margin, what is still open is closed.
 */
const LINGER_MARGIN_MS = 1000;

/** Resolves when the server has no connection left, or after `ms`. */
async function connectionsClosed(server: Server, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await new Promise<number>((resolve) =>
      server.getConnections((error, count) => resolve(error ? 0 : count)),
    );
    if (open === 0 || Date.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The order of a graceful stop: answer every new request with 503 and close its connection
 * (Lifecycle; /readyz says unready, so load balancers stop routing here); close the WebSocket subscriptions with 1001 and a reason; let every request in
 * progress (a command waiting for its commit and the read side) finish; then Nest's shutdown hooks
 * stop the reactors after their current event, the projection runner after its current batch, and
 * close the store once its queued appends are committed.
 */
export async function shutDown(app: INestApplication, logger: Logger): Promise<void> {
  const lifecycle = app.get(Lifecycle);
  const server = app.getHttpServer() as Server;
  lifecycle.startDraining();
  await app.get(GraphqlWsServer, { strict: false }).closeAll(SHUTDOWN_REASON);
  logger.info(
    { inFlight: lifecycle.inFlightCount },
    '等待进行中的请求 / finishing requests in progress',
  );
  await lifecycle.whenIdle();
  await connectionsClosed(server, server.keepAliveTimeout + LINGER_MARGIN_MS);
  // Only now the listener closes: a load balancer still routing here meanwhile got 503s, not
  // refused connections, and a connection it had open is closed after an answer, never cut.
  server.close();
  server.closeAllConnections();
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
