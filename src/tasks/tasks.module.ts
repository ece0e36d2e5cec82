import { Module } from '@nestjs/common';
import { TaskMutationsResolver } from './api/task.mutations.resolver.js';
import { TaskQueriesResolver } from './api/task.queries.resolver.js';
import { BoardResolver } from './api/board.resolver.js';

const resolvers = [TaskQueriesResolver, TaskMutationsResolver, BoardResolver];

@Module({ providers: [...resolvers], exports: [TaskMutationsResolver, TaskQueriesResolver] })
export class TasksModule {}
