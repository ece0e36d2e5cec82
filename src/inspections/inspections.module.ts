import { Module } from '@nestjs/common';
import { InspectionResolver } from './inspection.resolver.js';

@Module({ providers: [InspectionResolver], exports: [InspectionResolver] })
export class InspectionsModule {}
