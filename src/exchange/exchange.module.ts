import { Module } from '@nestjs/common';
import { Documents } from './documents.js';
import { ExchangeController } from './exchange.controller.js';

/** Files in and out: list imports and document exports over HTTP, and documents for disclosures. */
@Module({ controllers: [ExchangeController], providers: [Documents], exports: [Documents] })
export class ExchangeModule {}
