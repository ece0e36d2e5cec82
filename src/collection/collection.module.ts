import { Module } from '@nestjs/common';
import { CollectionResolver } from './api/collection.resolver.js';
import { CollectionService } from './api/collection.service.js';

/** Collection rounds (调度): open, report, chase, freeze into a report to the central office. */
@Module({ providers: [CollectionService, CollectionResolver], exports: [CollectionResolver] })
export class CollectionModule {}
