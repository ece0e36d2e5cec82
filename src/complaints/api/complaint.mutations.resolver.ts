import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../common/actor.js';
import { plainId } from '../../common/global-id.js';
import { recordId } from '../../common/validation.js';
import { ComplaintCommandMessage } from '../../commands/command-families.js';
import type { CommandOptions } from '../../commands/domain-command.js';
import { CurrentActor } from '../../edge/actor.guard.js';
import { commandFields, Mutations } from '../../edge/mutations.js';
import type {
  CloseComplaintInput,
  CloseComplaintInStagesInput,
  HandOverComplaintInput,
  LinkComplaintTasksInput,
  RecordComplaintEnforcementInput,
  RecordComplaintHandlingInput,
  RecordComplaintVerificationInput,
  ReopenComplaintInput,
  StartComplaintInvestigationInput,
} from '../../generated/graphql.js';
import type { ComplaintCommand } from '../domain/complaint.commands.js';
import { complaintIdOf } from '../domain/complaint.ids.js';
import { complaintView } from './complaint.view.js';

/** One mutation per command; each goes over the command bus and answers with its entry. */
@Resolver()
export class ComplaintMutationsResolver {
  constructor(private readonly mutations: Mutations) {}

  private async run(
    actor: Actor,
    complaintId: string,
    input: CommandOptions,
    command: ComplaintCommand,
  ) {
    const answer = await this.mutations.run(
      new ComplaintCommandMessage(complaintId, command, actor, input),
    );
    return {
      complaint: complaintView(answer.state, answer.version, answer.entry.recordedAt),
      entry: answer.entry,
      readSideBehind: answer.readSideBehind,
    };
  }

  /** The case a later command names: its complaintId or global id. */
  private id = (input: { complaintId: string }) =>
    recordId('complaintId', plainId('complaint', input.complaintId));

  @Mutation('handOverComplaint')
  handOver(@CurrentActor() actor: Actor, @Args('input') input: HandOverComplaintInput) {
    // The id follows from the tracking number; a bad inspection id or number is refused by decide.
    const complaintId = complaintIdOf(String(input.inspectionId), String(input.trackingNumber));
    return this.run(actor, complaintId, input, {
      type: 'HandOverComplaint',
      ...commandFields(input),
      complaintId,
    });
  }

  @Mutation('startComplaintInvestigation')
  start(@CurrentActor() actor: Actor, @Args('input') input: StartComplaintInvestigationInput) {
    return this.run(actor, this.id(input), input, { type: 'StartComplaintInvestigation' });
  }

  @Mutation('recordComplaintVerification')
  verify(@CurrentActor() actor: Actor, @Args('input') input: RecordComplaintVerificationInput) {
    return this.run(actor, this.id(input), input, {
      type: 'RecordComplaintVerification',
      ...commandFields(input, 'complaintId'),
    });
  }

  @Mutation('recordComplaintHandling')
  handle(@CurrentActor() actor: Actor, @Args('input') input: RecordComplaintHandlingInput) {
    return this.run(actor, this.id(input), input, {
      type: 'RecordComplaintHandling',
      ...commandFields(input, 'complaintId'),
    });
  }

  @Mutation('recordComplaintEnforcement')
  enforce(@CurrentActor() actor: Actor, @Args('input') input: RecordComplaintEnforcementInput) {
    return this.run(actor, this.id(input), input, {
      type: 'RecordComplaintEnforcement',
      ...commandFields(input, 'complaintId'),
      accountabilityCaseIds: (input.accountabilityCaseIds ?? []).map((id) => plainId('case', id)),
    });
  }

  @Mutation('linkComplaintTasks')
  link(@CurrentActor() actor: Actor, @Args('input') input: LinkComplaintTasksInput) {
    return this.run(actor, this.id(input), input, {
      type: 'LinkComplaintTasks',
      taskIds: input.taskIds.map((id) => plainId('task', id)),
    });
  }

  @Mutation('closeComplaintInStages')
  closeInStages(@CurrentActor() actor: Actor, @Args('input') input: CloseComplaintInStagesInput) {
    return this.run(actor, this.id(input), input, {
      type: 'CloseComplaintInStages',
      ...commandFields(input, 'complaintId'),
    });
  }

  @Mutation('closeComplaint')
  close(@CurrentActor() actor: Actor, @Args('input') input: CloseComplaintInput) {
    return this.run(actor, this.id(input), input, {
      type: 'CloseComplaint',
      ...commandFields(input, 'complaintId'),
    });
  }

  @Mutation('reopenComplaint')
  reopen(@CurrentActor() actor: Actor, @Args('input') input: ReopenComplaintInput) {
    return this.run(actor, this.id(input), input, { type: 'ReopenComplaint' });
  }
}
