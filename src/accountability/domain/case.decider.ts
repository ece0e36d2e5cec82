import type { Decider } from '../../common/decider.js';
import type { CaseCommand } from './case.commands.js';
import { decideCase } from './case.decide.js';
import type { CaseEvent } from './case.events.js';
import { evolveCase } from './case.evolve.js';
import { initialCaseState, type CaseState } from './case.state.js';

/** One accountability case per referred matter, stream `case-<id>`. */
export const caseDecider: Decider<CaseState, CaseCommand, CaseEvent> = {
  streamPrefix: 'case-',
  initialState: initialCaseState,
  decide: decideCase,
  evolve: evolveCase,
};
