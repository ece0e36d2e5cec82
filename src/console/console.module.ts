import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ConsoleMiddleware } from './console.middleware.js';

/** The web console and the GraphQL IDE (docs/console.md): pages and assets built into dist/web. */
@Module({ providers: [ConsoleMiddleware] })
export class ConsoleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ConsoleMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
