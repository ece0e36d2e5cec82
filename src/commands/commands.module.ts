import { Global, Module } from '@nestjs/common';
import { CommandRunner } from './command-runner.js';

@Global()
@Module({ providers: [CommandRunner], exports: [CommandRunner] })
export class CommandsModule {}
