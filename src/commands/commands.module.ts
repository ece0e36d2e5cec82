import { Global, Module } from '@nestjs/common';
import { CommandRunner } from './command-runner.js';
import { DomainCommandHandler } from './domain-command.handler.js';

@Global()
@Module({ providers: [CommandRunner, DomainCommandHandler], exports: [CommandRunner] })
export class CommandsModule {}
