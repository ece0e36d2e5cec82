import { ENUM_VALUES } from '../../generated/graphql.js';
import { signOffChain } from './task.sign-off.js';
import type { TaskState } from './task.state.js';

/** 对账销号: what a task's record must hold before the office reports the problem closed. */
export const RECONCILIATION_GAPS = ENUM_VALUES.ReconciliationGap;
export type ReconciliationGap = (typeof RECONCILIATION_GAPS)[number];

export const GAP_LABELS: Record<ReconciliationGap, { zh: string; en: string }> = {
  SIGN_OFF_CHAIN: { zh: '销号链条不完整', en: 'the sign-off chain is incomplete' },
  ACCEPTANCE: { zh: '无验收通过意见', en: 'no acceptance decision' },
  EVIDENCE: { zh: '无佐证材料', en: 'no evidence' },
  PUBLIC_NOTICE: { zh: '公示未完成', en: 'the public notice is not finished' },
  OPEN_OBJECTION: { zh: '公示异议未办结', en: 'an objection is still open' },
  // Unchanged wording: reconciliation exports already written must read the same.
  SPOT_CHECK: { zh: '抽查未完成或未通过', en: 'a spot check is pending or failed' },
  OPEN_CHILD: { zh: '子项未全部销号', en: 'a sub-item is still open' },
};

/**
 * What the task's record still lacks, judged at `at`: the whole sign-off chain given; the acceptance
 * decision and evidence; the public notice over with no objection after its start (an objection
 * sends the task back to verifying, and only a new notice answers it); a spot check, where one was
 * drawn, recorded and passed or waived by the office (waiveSpotCheck; a task the draw did not
 * select needs none); no open sub-item.
 */
export function reconciliationGaps(task: TaskState, at: string): ReconciliationGap[] {
  const gaps: ReconciliationGap[] = [];
  const signOffs = task.signOffs ?? [];
  const chain = signOffChain(task);
  const complete =
    chain.every((level, i) => signOffs[i]?.level === level) ||
    // Records from before sign-off paths kept no steps: their closing sign-off stands for the chain.
    (task.signOffPath == null && task.signedOffAt !== null);
  if (!complete || task.signedOffAt === null) gaps.push('SIGN_OFF_CHAIN');
  if (!task.acceptanceDecisions.some((d) => d.decision === 'ACCEPTED')) gaps.push('ACCEPTANCE');
  if (!task.evidence.length) gaps.push('EVIDENCE');
  const notice = task.publicNotice;
  if (!notice || notice.end > at) gaps.push('PUBLIC_NOTICE');
  if (
    task.status === 'VERIFYING' ||
    (notice && task.objections.some((o) => o.at >= notice.start))
  ) {
    gaps.push('OPEN_OBJECTION');
  }
  if (task.spotCheck && task.spotCheck.result !== 'PASSED' && !task.spotCheck.waiver) {
    gaps.push('SPOT_CHECK');
  }
  if ((task.children ?? []).some((c) => c.open)) gaps.push('OPEN_CHILD');
  return gaps;
}
