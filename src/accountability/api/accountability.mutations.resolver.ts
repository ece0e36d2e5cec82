import { randomUUID } from 'node:crypto';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../common/actor.js';
import { recordId } from '../../common/validation.js';
import { AnnouncementCommandMessage, CaseCommandMessage } from '../../commands/command-families.js';
import type { CommandOptions } from '../../commands/domain-command.js';
import { CurrentActor } from '../../edge/actor.guard.js';
import { commandFields, Mutations } from '../../edge/mutations.js';
import type {
  AddAccountablePersonInput,
  CloseAccountabilityCaseInput,
  CorrectSanctionInput,
  ExemptAccountablePersonInput,
  HoldUnitAccountableInput,
  SetAnnouncementTableInput,
  WithdrawUnitAccountabilityInput,
  OpenAccountabilityCaseInput,
  RecordDamageCompensationInput,
  RecordDamageCompensationOutcomeInput,
  RecordInvestigationInput,
  RecordPublicInterestLitigationInput,
  RecordPublicInterestLitigationOutcomeInput,
  RecordSanctionInput,
  ReopenAccountabilityCaseInput,
  WithdrawSanctionInput,
} from '../../generated/graphql.js';
import type { CaseCommand } from '../domain/case.commands.js';
import { derivedId } from '../domain/case.ids.js';
import { announcementTableView, caseView } from './case.view.js';

/** A mutation input: the case (absent only when opening one) and the options every command takes. */
type Input = CommandOptions & { readonly caseId?: string | null };

/** Ids a command adds under: the client's, or derived from the commandId so a retry adds nothing. */
interface Ids {
  readonly caseId: string;
  derive(kind: string, given?: string | null): string;
}

/** One mutation per command; each goes over the command bus and answers with its entry. */
@Resolver()
export class AccountabilityMutationsResolver {
  constructor(private readonly mutations: Mutations) {}

  private async run(actor: Actor, input: Input, build: (ids: Ids) => CaseCommand) {
    const commandId = input.commandId ?? randomUUID();
    const caseId = recordId('caseId', input.caseId ?? derivedId('case', 'new', commandId));
    const ids: Ids = {
      caseId,
      derive: (kind, given) => given ?? derivedId(kind, caseId, commandId),
    };
    const answer = await this.mutations.run(
      new CaseCommandMessage(caseId, build(ids), actor, { ...input, commandId }),
    );
    return {
      case: caseView(answer.state, answer.version, answer.entry.recordedAt),
      entry: answer.entry,
      readSideBehind: answer.readSideBehind,
    };
  }

  @Mutation('openAccountabilityCase')
  open(@CurrentActor() actor: Actor, @Args('input') input: OpenAccountabilityCaseInput) {
    return this.run(actor, input, ({ caseId }) => ({
      type: 'OpenAccountabilityCase',
      ...commandFields(input, 'caseId'),
      caseId,
    }));
  }

  @Mutation('recordInvestigation')
  recordInvestigation(
    @CurrentActor() actor: Actor,
    @Args('input') input: RecordInvestigationInput,
  ) {
    return this.run(actor, input, () => ({
      type: 'RecordInvestigation',
      ...commandFields(input, 'caseId'),
    }));
  }

  @Mutation('addAccountablePerson')
  addPerson(@CurrentActor() actor: Actor, @Args('input') input: AddAccountablePersonInput) {
    return this.run(actor, input, (ids) => ({
      type: 'AddAccountablePerson',
      ...commandFields(input, 'caseId'),
      personId: ids.derive('person', input.personId),
    }));
  }

  @Mutation('recordSanction')
  recordSanction(@CurrentActor() actor: Actor, @Args('input') input: RecordSanctionInput) {
    return this.run(actor, input, (ids) => ({
      type: 'RecordSanction',
      ...commandFields(input, 'caseId'),
      sanctionId: ids.derive('sanction', input.sanctionId),
    }));
  }

  @Mutation('correctSanction')
  correctSanction(@CurrentActor() actor: Actor, @Args('input') input: CorrectSanctionInput) {
    return this.run(actor, input, () => ({
      type: 'CorrectSanction',
      ...commandFields(input, 'caseId'),
    }));
  }

  @Mutation('withdrawSanction')
  withdrawSanction(@CurrentActor() actor: Actor, @Args('input') input: WithdrawSanctionInput) {
    return this.run(actor, input, () => ({
      type: 'WithdrawSanction',
      ...commandFields(input, 'caseId'),
    }));
  }

  @Mutation('exemptAccountablePerson')
  exemptPerson(@CurrentActor() actor: Actor, @Args('input') input: ExemptAccountablePersonInput) {
    return this.run(actor, input, () => ({
      type: 'ExemptAccountablePerson',
      ...commandFields(input, 'caseId'),
    }));
  }

  @Mutation('recordDamageCompensation')
  recordCompensation(
    @CurrentActor() actor: Actor,
    @Args('input') input: RecordDamageCompensationInput,
  ) {
    return this.run(actor, input, (ids) => ({
      type: 'RecordDamageCompensation',
      ...commandFields(input, 'caseId'),
      claimId: ids.derive('claim', input.claimId),
    }));
  }

  @Mutation('recordDamageCompensationOutcome')
  recordCompensationOutcome(
    @CurrentActor() actor: Actor,
    @Args('input') input: RecordDamageCompensationOutcomeInput,
  ) {
    return this.run(actor, input, () => ({
      type: 'RecordDamageCompensationOutcome',
      ...commandFields(input, 'caseId'),
    }));
  }

  @Mutation('recordPublicInterestLitigation')
  recordLitigation(
    @CurrentActor() actor: Actor,
    @Args('input') input: RecordPublicInterestLitigationInput,
  ) {
    return this.run(actor, input, (ids) => ({
      type: 'RecordPublicInterestLitigation',
      ...commandFields(input, 'caseId'),
      litigationId: ids.derive('litigation', input.litigationId),
    }));
  }

  @Mutation('recordPublicInterestLitigationOutcome')
  recordLitigationOutcome(
    @CurrentActor() actor: Actor,
    @Args('input') input: RecordPublicInterestLitigationOutcomeInput,
  ) {
    return this.run(actor, input, () => ({
      type: 'RecordPublicInterestLitigationOutcome',
      ...commandFields(input, 'caseId'),
    }));
  }

  @Mutation('closeAccountabilityCase')
  close(@CurrentActor() actor: Actor, @Args('input') input: CloseAccountabilityCaseInput) {
    return this.run(actor, input, () => ({
      type: 'CloseAccountabilityCase',
      ...commandFields(input, 'caseId'),
    }));
  }

  @Mutation('holdUnitAccountable')
  holdUnit(@CurrentActor() actor: Actor, @Args('input') input: HoldUnitAccountableInput) {
    return this.run(actor, input, (ids) => ({
      type: 'HoldUnitAccountable',
      ...commandFields(input, 'caseId'),
      unitId: ids.derive('unit', input.unitId),
    }));
  }

  @Mutation('withdrawUnitAccountability')
  withdrawUnit(
    @CurrentActor() actor: Actor,
    @Args('input') input: WithdrawUnitAccountabilityInput,
  ) {
    return this.run(actor, input, () => ({
      type: 'WithdrawUnitAccountability',
      ...commandFields(input, 'caseId'),
    }));
  }

  /** The province's announcement table for one inspection (stream announcement-<inspectionId>). */
  @Mutation('setAnnouncementTable')
  async setAnnouncementTable(
    @CurrentActor() actor: Actor,
    @Args('input') input: SetAnnouncementTableInput,
  ) {
    const inspectionId = recordId('inspectionId', input.inspectionId);
    const answer = await this.mutations.run(
      new AnnouncementCommandMessage(
        inspectionId,
        {
          type: 'SetAnnouncementTable',
          inspectionId,
          name: input.name,
          groups: input.groups,
          ranks: input.ranks,
          wording: input.wording,
        },
        actor,
        { ...input, commandId: input.commandId ?? randomUUID() },
      ),
    );
    return {
      table: announcementTableView(inspectionId, {
        table: answer.state.table ?? undefined,
        version: answer.version,
        setAt: answer.state.setAt,
      }),
      entry: answer.entry,
      readSideBehind: answer.readSideBehind,
    };
  }

  @Mutation('reopenAccountabilityCase')
  reopen(@CurrentActor() actor: Actor, @Args('input') input: ReopenAccountabilityCaseInput) {
    return this.run(actor, input, () => ({ type: 'ReopenAccountabilityCase' }));
  }
}
