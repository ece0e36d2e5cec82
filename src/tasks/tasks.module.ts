import { Module } from '@nestjs/common';
import { TaskMutationsResolver } from './api/task.mutations.resolver.js';
import { TaskQueriesResolver } from './api/task.queries.resolver.js';

const resolvers = [TaskQueriesResolver, TaskMutationsResolver];

@Module({ providers: [...resolvers], exports: [TaskMutationsResolver, TaskQueriesResolver] })
export class TasksModule {}
