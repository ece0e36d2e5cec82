import { randomUUID } from 'node:crypto';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { requireActor, type RequestContext } from '../auth/request-context.js';
import { CommandRunner, type CommandOptions } from '../commands/command-runner.js';
import type { CaseCommand } from './case.commands.js';
import { caseDecider } from './case.decider.js';
import { derivedId } from './case.ids.js';
import { recordId } from './case.validation.js';
import { caseView } from './case.view.js';

/** Every mutation input: the case, the command's own fields, and the common command options. */
type Input = CommandOptions & { caseId?: string | null } & Record<string, unknown>;

/** Splits an input into the command's own fields and the options every command takes. */
function fieldsOf(input: Input): Record<string, unknown> {
  const {
    caseId: _case,
    commandId: _command,
    expectedVersion: _version,
    reason: _reason,
    ...fields
  } = input;
  return fields;
}

/** One mutation per command; each goes through the shared CommandRunner and returns its entry. */
@Resolver()
export class AccountabilityMutationsResolver {
  constructor(private readonly runner: CommandRunner) {}

  private async run(
    ctx: RequestContext,
    input: Input,
    build: (fields: Record<string, unknown>, caseId: string, commandId: string) => CaseCommand,
  ) {
    const actor = requireActor(ctx);
    const commandId = input.commandId ?? randomUUID();
    const caseId = recordId('caseId', input.caseId ?? derivedId('case', 'new', commandId));
    const command = build(fieldsOf(input), caseId, commandId);
    const result = await this.runner.execute(caseDecider, caseId, command, actor, {
      ...input,
      commandId,
    });
    return {
      case: caseView(result.state, result.version, result.entry.recordedAt),
      entry: result.entry,
    };
  }

  private mutate(type: CaseCommand['type'], ctx: RequestContext, input: Input) {
    return this.run(ctx, input, (f) => ({ ...f, type }) as CaseCommand);
  }

  @Mutation('openAccountabilityCase')
  open(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(
      ctx,
      input,
      (f, caseId) => ({ ...f, caseId, type: 'OpenAccountabilityCase' }) as CaseCommand,
    );
  }

  @Mutation('recordInvestigation')
  recordInvestigation(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.mutate('RecordInvestigation', ctx, input);
  }

  @Mutation('addAccountablePerson')
  addPerson(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(
      ctx,
      input,
      (f, caseId, commandId) =>
        ({
          ...f,
          personId: f.personId ?? derivedId('person', caseId, commandId),
          type: 'AddAccountablePerson',
        }) as CaseCommand,
    );
  }

  @Mutation('recordSanction')
  recordSanction(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(
      ctx,
      input,
      (f, caseId, commandId) =>
        ({
          ...f,
          sanctionId: f.sanctionId ?? derivedId('sanction', caseId, commandId),
          type: 'RecordSanction',
        }) as CaseCommand,
    );
  }

  @Mutation('correctSanction')
  correctSanction(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.mutate('CorrectSanction', ctx, input);
  }

  @Mutation('withdrawSanction')
  withdrawSanction(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.mutate('WithdrawSanction', ctx, input);
  }

  @Mutation('exemptAccountablePerson')
  exemptPerson(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.mutate('ExemptAccountablePerson', ctx, input);
  }

  @Mutation('recordDamageCompensation')
  recordCompensation(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(
      ctx,
      input,
      (f, caseId, commandId) =>
        ({
          ...f,
          claimId: f.claimId ?? derivedId('claim', caseId, commandId),
          type: 'RecordDamageCompensation',
        }) as CaseCommand,
    );
  }

  @Mutation('recordDamageCompensationOutcome')
  recordCompensationOutcome(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.mutate('RecordDamageCompensationOutcome', ctx, input);
  }

  @Mutation('recordPublicInterestLitigation')
  recordLitigation(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(
      ctx,
      input,
      (f, caseId, commandId) =>
        ({
          ...f,
          litigationId: f.litigationId ?? derivedId('litigation', caseId, commandId),
          type: 'RecordPublicInterestLitigation',
        }) as CaseCommand,
    );
  }

  @Mutation('recordPublicInterestLitigationOutcome')
  recordLitigationOutcome(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.mutate('RecordPublicInterestLitigationOutcome', ctx, input);
  }

  @Mutation('closeAccountabilityCase')
  close(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.mutate('CloseAccountabilityCase', ctx, input);
  }

  @Mutation('reopenAccountabilityCase')
  reopen(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.mutate('ReopenAccountabilityCase', ctx, input);
  }
}
