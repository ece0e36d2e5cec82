import { hasRole, type Role } from '../../common/actor.js';
import type { CommandMeta, Decider, DomainEvent } from '../../common/decider.js';
import { ForbiddenError, InvalidTransitionError } from '../../common/errors.js';
import { recordId } from '../../common/validation.js';
import { announcementTable, type AnnouncementTableInput } from './announcement.check.js';
import { DEFAULT_ANNOUNCEMENT_TABLE, type AnnouncementTable } from './announcement.table.js';
import { requiredReason } from './case.rules.js';

/**
 * One inspection's announcement table (公告口径), stream `announcement-<inspectionId>`: the table a
 * province counts its announcement by, set as an event so the summary as of any moment uses the
 * table in force then, and a disclosure regenerates with it.
 */
export type SetAnnouncementTable = AnnouncementTableInput & {
  type: 'SetAnnouncementTable';
  inspectionId: string;
};
export type AnnouncementCommand = SetAnnouncementTable;

export type AnnouncementTableSet = DomainEvent<
  'AnnouncementTableSet',
  { inspectionId: string; table: AnnouncementTable; reason: string | null; at: string }
>;
export type AnnouncementEvent = AnnouncementTableSet;

export type AnnouncementState = {
  inspectionId: string | null;
  /** null until a table is set: the default applies. */
  table: AnnouncementTable | null;
  setAt: string | null;
};

/** Who decides how the province counts: the inspection office and the disclosure team. */
export const ANNOUNCEMENT_WRITERS: readonly Role[] = [
  'INSPECTION_OFFICE',
  'DISCLOSURE_OFFICER',
  'ADMIN',
];

export function decideAnnouncement(
  command: AnnouncementCommand,
  state: AnnouncementState,
  meta: CommandMeta,
): AnnouncementEvent[] {
  if (!hasRole(meta.actor, ...ANNOUNCEMENT_WRITERS)) {
    throw new ForbiddenError(
      `无权执行 ${command.type}：公告口径仅由 ${ANNOUNCEMENT_WRITERS.join('、')} 设置`,
      `Not allowed to ${command.type}: the announcement table is set only by ${ANNOUNCEMENT_WRITERS.join(', ')}`,
      { command: command.type, allowedRoles: [...ANNOUNCEMENT_WRITERS] },
    );
  }
  const inspectionId = recordId('inspectionId', command.inspectionId);
  const table = announcementTable(command);
  // Replacing the way figures already published were counted must say why.
  const reason = state.table ? requiredReason(meta, command.type) : (meta.reason?.trim() ?? null);
  if (state.table && JSON.stringify(state.table) === JSON.stringify(table)) {
    throw new InvalidTransitionError(
      '公告口径与当前相同，未作更改',
      'The table is the one already in force: nothing to change',
      { inspectionId },
    );
  }
  return [
    {
      type: 'AnnouncementTableSet',
      data: { inspectionId, table, reason: reason || null, at: meta.at },
    },
  ];
}

export const evolveAnnouncement = (
  state: AnnouncementState,
  event: AnnouncementEvent,
): AnnouncementState => ({
  inspectionId: event.data.inspectionId,
  table: event.data.table,
  setAt: event.data.at,
});

export const announcementDecider: Decider<
  AnnouncementState,
  AnnouncementCommand,
  AnnouncementEvent
> = {
  streamPrefix: 'announcement-',
  initialState: () => ({ inspectionId: null, table: null, setAt: null }),
  decide: decideAnnouncement,
  evolve: evolveAnnouncement,
};

/** The table in force: the one set, else the default. */
export const tableInForce = (state: AnnouncementState | undefined): AnnouncementTable =>
  state?.table ?? DEFAULT_ANNOUNCEMENT_TABLE;
