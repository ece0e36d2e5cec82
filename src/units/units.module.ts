import { Module } from '@nestjs/common';
import { UnitsResolver } from './api/units.resolver.js';

@Module({ providers: [UnitsResolver] })
export class UnitsModule {}
