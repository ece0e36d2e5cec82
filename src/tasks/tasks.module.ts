import { Module } from '@nestjs/common';
import { TaskMutationsResolver } from './api/task.mutations.resolver.js';
import { TaskQueriesResolver } from './api/task.queries.resolver.js';
import { BoardResolver } from './api/board.resolver.js';
import { ReconciliationResolver } from './api/reconciliation.resolver.js';
import { ChildRollUp } from './workflows/child-roll-up.js';

const resolvers = [
  TaskQueriesResolver,
  TaskMutationsResolver,
  ReconciliationResolver,
  BoardResolver,
];

@Module({
  providers: [...resolvers, ChildRollUp],
  exports: [TaskMutationsResolver, TaskQueriesResolver],
})
export class TasksModule {}
