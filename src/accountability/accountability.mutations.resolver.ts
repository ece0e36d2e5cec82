import { randomUUID } from 'node:crypto';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { requireActor, type RequestContext } from '../auth/request-context.js';
import { recordId } from '../common/validation.js';
import { CommandRunner, type CommandOptions } from '../commands/command-runner.js';
import { commandFields, commandResult } from '../commands/mutation-result.js';
import { ReadModels } from '../event-store/read-models.js';
import type { CaseCommand } from './case.commands.js';
import { caseDecider } from './case.decider.js';
import { derivedId } from './case.ids.js';
import { caseView } from './case.view.js';

/** Every mutation input: the case, the command's own fields, and the common command options. */
type Input = CommandOptions & { caseId?: string | null } & Record<string, unknown>;

/** One mutation per command; each goes through the shared CommandRunner and returns its entry. */
@Resolver()
export class AccountabilityMutationsResolver {
  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
  ) {}

  private async run(
    ctx: RequestContext,
    input: Input,
    build: (fields: Record<string, unknown>, caseId: string, commandId: string) => CaseCommand,
  ) {
    const actor = requireActor(ctx);
    const commandId = input.commandId ?? randomUUID();
    const caseId = recordId('caseId', input.caseId ?? derivedId('case', 'new', commandId));
    const command = build(commandFields(input, 'caseId'), caseId, commandId);
    const out = await this.runner.execute(caseDecider, caseId, command, actor, {
      ...input,
      commandId,
    });
    const { state, version } = commandResult(this.readModels.db, out);
    return { case: caseView(state, version, out.entry.recordedAt), entry: out.entry };
  }

  private mutate(type: CaseCommand['type'], ctx: RequestContext, input: Input) {
    return this.run(ctx, input, (f) => ({ ...f, type }) as CaseCommand);
  }

  /**
   * A command that adds a part to the case (person, sanction, claim, suit) under the client's id, or
   * one derived from the commandId so that a retry adds nothing.
   */
  private addPart(
    type: CaseCommand['type'],
    ctx: RequestContext,
    input: Input,
    idField: string,
    kind: string,
  ) {
    return this.run(
      ctx,
      input,
      (f, caseId, commandId) =>
        ({
          ...f,
          [idField]: f[idField] ?? derivedId(kind, caseId, commandId),
          type,
        }) as CaseCommand,
    );
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
    return this.addPart('AddAccountablePerson', ctx, input, 'personId', 'person');
  }

  @Mutation('recordSanction')
  recordSanction(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.addPart('RecordSanction', ctx, input, 'sanctionId', 'sanction');
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
    return this.addPart('RecordDamageCompensation', ctx, input, 'claimId', 'claim');
  }

  @Mutation('recordDamageCompensationOutcome')
  recordCompensationOutcome(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.mutate('RecordDamageCompensationOutcome', ctx, input);
  }

  @Mutation('recordPublicInterestLitigation')
  recordLitigation(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.addPart('RecordPublicInterestLitigation', ctx, input, 'litigationId', 'litigation');
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
