import { sanctionInfo } from './case.catalogue.js';
import type { SanctionTerms } from './case.state.js';

/**
 * Upcasting on read (issue 14). A sanction's category and severity are derived from its kind; events
 * written before the catalogue was completed carry the ranking of their time (通报 1, 诫勉 2,
 * 组织处理 3, 免职 4, 纪律处分 5 among the accountability methods). The stored event is never
 * rewritten: every fold (the command path, the ledger, the case rows) reads the kind and takes the
 * category and severity the catalogue gives it now, so an old decision keeps its kind and its
 * meaning and ranks among the new kinds. A kind unknown to the catalogue keeps what was stored.
 */
export function currentTerms<T extends Pick<SanctionTerms, 'kind' | 'category' | 'severity'>>(
  terms: T,
): T {
  const info = sanctionInfo(terms.kind);
  if (!info || (info.category === terms.category && info.severity === terms.severity)) return terms;
  return { ...terms, category: info.category, severity: info.severity };
}
