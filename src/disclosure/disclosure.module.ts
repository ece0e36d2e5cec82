import { Module } from '@nestjs/common';
import { ExchangeModule } from '../exchange/exchange.module.js';
import { VerificationModule } from '../verification/api/verification.module.js';
import { DisclosureController } from './api/disclosure.controller.js';
import { DisclosureResolver } from './api/disclosure.resolver.js';
import { DisclosureService } from './api/disclosure.service.js';

@Module({
  imports: [ExchangeModule, VerificationModule],
  controllers: [DisclosureController],
  providers: [DisclosureService, DisclosureResolver],
  exports: [DisclosureResolver],
})
export class DisclosureModule {}
