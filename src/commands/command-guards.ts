import type { Actor } from '../common/actor.js';
import { BadInputError, UnauthenticatedError } from '../common/errors.js';
import type { CommandOptions } from './domain-command.js';

const COMMAND_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const REASON_MAX = 2000;

/**
 * What every command meets before its decider, whichever entry point sent it (GraphQL, file
 * routes, CLI, demo, importer, reactors): an actor, a well-formed command id, a sane version and
 * a reason of bounded length.
 */
export function guardCommand(
  actor: Actor | undefined,
  options: CommandOptions,
): asserts actor is Actor {
  if (!actor?.id || !actor.roles?.length) {
    // No event without an actor: an entry point that forgot to authenticate must not write anonymously.
    throw new UnauthenticatedError('写入需要登录', 'Writing needs an authenticated actor');
  }
  if (options.commandId != null && !COMMAND_ID.test(options.commandId)) {
    throw new BadInputError(
      'commandId 格式无效',
      'commandId must be 1-128 letters, digits, . _ : -',
      { field: 'commandId' },
    );
  }
  const version = options.expectedVersion;
  if (version != null && !(Number.isInteger(version) && version >= 0)) {
    throw new BadInputError(
      'expectedVersion 须为非负整数',
      'expectedVersion must be a non-negative integer',
      { field: 'expectedVersion' },
    );
  }
  if (options.reason != null && options.reason.length > REASON_MAX) {
    throw new BadInputError(
      `原因过长（上限 ${REASON_MAX} 字）`,
      `reason is longer than ${REASON_MAX} characters`,
      { field: 'reason' },
    );
  }
}
