import { countingSanctions, personsOf, type CaseState } from './case.state.js';

export interface ClosingBlocker {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/**
 * What keeps a case open. A closed case means everything on it is concluded: the investigation is
 * on record and every person named has a decision (a sanction in force, or an exemption with
 * reasons). A damage-compensation claim or a public-interest suit may run on for years after the
 * case closes (issue 14): it does not keep the case open, its outcome is recorded on the closed
 * case, and the summary counts the case closed and the claim or suit pending.
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
  return blockers;
}
