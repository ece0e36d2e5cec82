import {
  claimsOf,
  countingSanctions,
  litigationsOf,
  personsOf,
  type CaseState,
} from './case.state.js';

export interface ClosingBlocker {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/**
 * What keeps a case open. A closed case means everything on it is concluded: the investigation is
 * on record, every person named has a decision (a sanction in force, or an exemption with reasons),
 * and every compensation claim and public-interest litigation has an outcome.
 */
export function closingBlockers(state: CaseState): ClosingBlocker[] {
  const blockers: ClosingBlocker[] = [];
  if (!state.investigation) {
    blockers.push({
      code: 'NO_INVESTIGATION',
      zh: '尚未记录调查情况（recordInvestigation）',
      en: 'no investigation recorded (recordInvestigation)',
    });
  }
  const undecided = personsOf(state).filter((p) => !p.exemption && !countingSanctions(p).length);
  if (undecided.length) {
    const names = undecided.map((p) => `${p.name}(${p.personId})`).join(', ');
    blockers.push({
      code: 'PERSONS_WITHOUT_DECISION',
      zh: `${undecided.length} 名人员尚无处理决定：${names}`,
      en: `${undecided.length} person(s) have no decision recorded: ${names}`,
    });
  }
  const claims = claimsOf(state)
    .filter((c) => !c.outcome)
    .map((c) => c.claimId);
  if (claims.length) {
    blockers.push({
      code: 'COMPENSATION_PENDING',
      zh: `生态环境损害赔偿尚无结果：${claims.join(', ')}`,
      en: `damage-compensation claims without an outcome: ${claims.join(', ')}`,
    });
  }
  const suits = litigationsOf(state)
    .filter((l) => !l.outcome)
    .map((l) => l.litigationId);
  if (suits.length) {
    blockers.push({
      code: 'LITIGATION_PENDING',
      zh: `公益诉讼尚无结果：${suits.join(', ')}`,
      en: `public-interest litigation without an outcome: ${suits.join(', ')}`,
    });
  }
  return blockers;
}
