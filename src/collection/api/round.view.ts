import { reportText } from '../domain/round.figures.js';
import {
  entryStatus,
  rosterOf,
  unitsOf,
  type CollectionRoundState,
} from '../domain/round.state.js';
import { globalId } from '../../common/global-id.js';
import { chinaDate } from '../../exchange/export-document.js';

/**
 * The GraphQL shape of a round at time `at` (now, or the asOf moment): the roster with each task's
 * standing, the per-unit tally, and the frozen report with its wording.
 */
export function roundView(
  state: CollectionRoundState,
  version: number,
  at: string,
  asOf: string | null = null,
) {
  const entries = rosterOf(state).map((t) => {
    const r = state.reports[t.taskId];
    return {
      ...t,
      status: entryStatus(state, t.taskId, at),
      report: r && {
        ...r,
        reportedAt: r.at,
        corrections: r.corrections.map((c) => ({
          at: c.at,
          reason: c.reason,
          by: c.by,
          ...c.before,
        })),
      },
    };
  });
  const count = (status: string) => entries.filter((e) => e.status === status).length;
  const units = unitsOf(state, at);
  const report = state.report && {
    ...state.report,
    asOfPosition: BigInt(state.report.asOfPosition),
    ...(({ zh, en }) => ({ textZh: zh, textEn: en }))(
      reportText(state.report.figures, chinaDate(state.report.asOfTime)),
    ),
    exportPath: `/api/export/collection-report.xlsx?roundId=${encodeURIComponent(state.roundId)}`,
  };
  return {
    ...state,
    id: globalId('collection', state.roundId),
    version,
    asOf,
    entries,
    units,
    reported: count('REPORTED'),
    late: count('LATE'),
    pending: count('PENDING'),
    missing: count('MISSING'),
    missingUnits: units.filter((u) => u.missing + u.pending > 0).map((u) => u.unit),
    report,
    cancelledAt: state.cancellation?.at ?? null,
    cancelReason: state.cancellation?.reason ?? null,
  };
}

export type RoundView = ReturnType<typeof roundView>;
