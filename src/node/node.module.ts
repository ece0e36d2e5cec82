import { Module } from '@nestjs/common';
import { AccountabilityModule } from '../accountability/accountability.module.js';
import { CollectionModule } from '../collection/collection.module.js';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { DisclosureModule } from '../disclosure/disclosure.module.js';
import { InspectionsModule } from '../inspections/inspections.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { NodeResolver } from './api/node.resolver.js';

/** The Relay `node(id)` query over the domains' own lookups (each module exports its query resolver). */
@Module({
  imports: [
    TasksModule,
    InspectionsModule,
    AccountabilityModule,
    DisclosureModule,
    CollectionModule,
    ComplaintsModule,
  ],
  providers: [NodeResolver],
})
export class NodeModule {}
