import { Module } from '@nestjs/common';
import { InspectionResolver } from './api/inspection.resolver.js';
import { SpotCheckFanOut } from './workflows/spot-check-fan-out.js';

@Module({ providers: [InspectionResolver, SpotCheckFanOut], exports: [InspectionResolver] })
export class InspectionsModule {}
