import { Module } from '@nestjs/common';
import { ExchangeController } from './exchange.controller.js';
import { HttpEdge } from './http-edge.js';

@Module({ controllers: [ExchangeController], providers: [HttpEdge], exports: [HttpEdge] })
export class ExchangeModule {}
