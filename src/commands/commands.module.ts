import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { COMMAND_HANDLERS } from './command-families.js';
import { CommandPath } from './command-path.js';
import { CommandSender } from './command-sender.js';

/** The one command path: the bus, a handler per command family, the guards and the access log. */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [CommandPath, CommandSender, ...COMMAND_HANDLERS],
  exports: [CommandSender, CommandPath],
})
export class CommandsModule {}
