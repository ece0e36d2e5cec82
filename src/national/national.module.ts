import { Module } from '@nestjs/common';
import { NationalResolver } from './api/national.resolver.js';

/** The national roll-up across provinces (issue 16). */
@Module({ providers: [NationalResolver] })
export class NationalModule {}
