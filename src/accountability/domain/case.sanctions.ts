import type { CommandMeta } from '../../common/decider.js';
import { BadInputError, InvalidTransitionError } from '../../common/errors.js';
import {
  isoDate,
  optionalIsoDate,
  optionalText,
  recordId,
  requiredText,
  TEXT_MAX,
  TITLE_MAX,
} from '../../common/validation.js';
import { sanctionInfo, SANCTION_CATALOGUE } from './case.catalogue.js';
import type {
  CorrectSanction,
  ExemptAccountablePerson,
  RecordSanction,
  SanctionInput,
  WithdrawSanction,
} from './case.commands.js';
import type { CaseEvent } from './case.events.js';
import {
  findPerson,
  findSanction,
  requiredReason,
  requireNotWithdrawn,
  sanctionIdTaken,
} from './case.rules.js';
import { countingSanctions, type CaseState, type SanctionTerms } from './case.state.js';

type SanctionCommand =
  RecordSanction | CorrectSanction | WithdrawSanction | ExemptAccountablePerson;

/** Decisions about one person: sanctions recorded, corrected, withdrawn, or no accountability. */
export function decideSanction(
  command: SanctionCommand,
  state: CaseState,
  meta: CommandMeta,
): CaseEvent {
  const at = meta.at;
  const personId = recordId('personId', command.personId);
  switch (command.type) {
    case 'RecordSanction': {
      const sanctionId = recordId('sanctionId', command.sanctionId);
      const terms = sanctionTerms(command);
      const person = findPerson(state, personId);
      if (person.exemption) {
        throw new InvalidTransitionError(
          `${person.name} 已决定免予问责，不能再记录处理决定`,
          `${person.name} was exempted from accountability: no sanction can be recorded`,
          { personId },
        );
      }
      if (sanctionIdTaken(state, sanctionId)) {
        throw new InvalidTransitionError(
          `处理决定编号 ${sanctionId} 已使用`,
          `Sanction id ${sanctionId} is already used in this case`,
          { sanctionId },
        );
      }
      // Entering the same decision twice would inflate the person-times an announcement publishes.
      if (countingSanctions(person).some((s) => s.kind === terms.kind)) {
        throw new InvalidTransitionError(
          `${person.name} 已有 ${terms.kind} 处理决定；如有误请更正或撤销原决定`,
          `${person.name} already has a ${terms.kind} sanction in force; correct or withdraw it instead`,
          { personId, kind: terms.kind },
        );
      }
      return { type: 'SanctionRecorded', data: { ...terms, personId, sanctionId, at } };
    }
    case 'CorrectSanction': {
      const sanctionId = recordId('sanctionId', command.sanctionId);
      const terms = sanctionTerms(command);
      const reason = requiredReason(meta, command.type);
      const sanction = findSanction(findPerson(state, personId), sanctionId);
      requireNotWithdrawn(sanction, command.type);
      const unchanged = (Object.keys(terms) as (keyof SanctionTerms)[]).every(
        (k) => terms[k] === sanction[k],
      );
      if (unchanged) {
        throw new BadInputError(
          '更正内容与原决定相同',
          'The correction changes nothing: give the corrected terms',
          { sanctionId },
        );
      }
      return { type: 'SanctionCorrected', data: { ...terms, personId, sanctionId, reason, at } };
    }
    case 'WithdrawSanction': {
      const sanctionId = recordId('sanctionId', command.sanctionId);
      const reason = requiredReason(meta, command.type);
      const sanction = findSanction(findPerson(state, personId), sanctionId);
      requireNotWithdrawn(sanction, command.type);
      return { type: 'SanctionWithdrawn', data: { personId, sanctionId, reason, at } };
    }
    case 'ExemptAccountablePerson': {
      const decidingBody = requiredText('decidingBody', command.decidingBody);
      const decidedOn = isoDate('decidedOn', command.decidedOn);
      const reason = requiredReason(meta, command.type);
      const person = findPerson(state, personId);
      if (person.exemption || countingSanctions(person).length) {
        throw new InvalidTransitionError(
          person.exemption
            ? `${person.name} 已决定免予问责`
            : `${person.name} 有生效的处理决定，须先撤销才能免予问责`,
          person.exemption
            ? `${person.name} is already exempted`
            : `${person.name} has sanctions in force: withdraw them before an exemption`,
          { personId },
        );
      }
      return {
        type: 'AccountablePersonExempted',
        data: { personId, reason, decidingBody, decidedOn, at },
      };
    }
  }
}

function sanctionTerms(input: SanctionInput): SanctionTerms {
  const info = sanctionInfo(input.kind);
  if (!info) {
    throw new BadInputError(
      `没有这种处理方式：${String(input.kind).slice(0, 60)}`,
      `No such sanction kind ${JSON.stringify(input.kind)?.slice(0, 60)}`,
      { field: 'kind', allowed: SANCTION_CATALOGUE.map((s) => s.kind) },
    );
  }
  return {
    kind: info.kind,
    category: info.category,
    severity: info.severity,
    decidingBody: requiredText('decidingBody', input.decidingBody),
    decidedOn: isoDate('decidedOn', input.decidedOn),
    publishedOn: optionalIsoDate('publishedOn', input.publishedOn),
    publishedIn: optionalText('publishedIn', input.publishedIn, TITLE_MAX),
    note: optionalText('note', input.note, TEXT_MAX),
  };
}
