import { globalId } from '../../common/global-id.js';
import { DONE_STATUSES, type TaskState } from '../domain/task.state.js';
import { signOffChain } from '../domain/task.sign-off.js';
import { allowedNext } from '../domain/task.transitions.js';

/** What the GraphQL Task type serves: the record, less internal contacts, plus computed fields. */
export type TaskView = ReturnType<typeof toTaskView>;

/**
 * `at` is the moment overdue is judged at: the asOf moment, or the server's clock. Overdue and done
 * are computed here and in the queries, never stored, because they change with time alone.
 */
export function toTaskView(state: TaskState, version: number, at: string, asOf?: string | null) {
  const done = DONE_STATUSES.includes(state.status as never);
  const leader = state.responsibleLeader;
  return {
    ...state,
    id: globalId('task', state.taskId),
    version,
    asOf: asOf ?? null,
    done,
    overdue: !done && state.deadline !== null && state.deadline < at,
    responsibleLeader: leader && { name: leader.name, position: leader.position },
    // States the read side kept before sign-off paths lack these fields: they meant none then.
    signOffPath: state.signOffPath ?? null,
    signOffDepartment: state.signOffDepartment ?? null,
    signOffs: state.signOffs ?? [],
    signOffChain: signOffChain({
      signOffPath: state.signOffPath ?? null,
      signOffTier: state.signOffTier,
    }),
    parentId: state.parentId ?? null,
    reconciliation: state.reconciliation ?? null,
    deadlineChange: state.deadlineChange ?? null,
    children: state.children ?? [],
    openChildren: (state.children ?? []).filter((c) => c.open).length,
    allowedNext: allowedNext({ ...state, signOffs: state.signOffs ?? [] }),
  };
}
