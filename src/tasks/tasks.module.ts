import { Module } from '@nestjs/common';
import { TaskMutationsResolver } from './task.mutations.resolver.js';
import { TaskQueriesResolver } from './task.queries.resolver.js';

const resolvers = [TaskQueriesResolver, TaskMutationsResolver];

@Module({ providers: [...resolvers], exports: [TaskMutationsResolver, TaskQueriesResolver] })
export class TasksModule {}
