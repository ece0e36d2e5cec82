export const ROLES = [
  'INSPECTION_OFFICE',
  'IMPLEMENTING_ENTITY',
  'ACCEPTANCE_UNIT',
  'CITY_GOVERNMENT',
  'PROVINCIAL_DEPARTMENT',
  'DISCIPLINE_AUTHORITY',
  'AUDITOR',
  'DISCLOSURE_OFFICER',
  'INTEGRATION',
  'ADMIN',
  // Issue 14: parties that write their own part of an accountability case.
  /** 组织部: records 诫勉 and organisational handling it decided. */
  'ORGANISATION_DEPARTMENT',
  /** 赔偿权利人: a department the government designates to claim ecological damage compensation. */
  'DAMAGE_COMPENSATION_CLAIMANT',
  /** 检察机关: brings public-interest suits. */
  'PROCURATORATE',
] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** Who is acting: taken from a verified token, never from request input. */
export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Organisation code, e.g. a unit's name or an administrative-division code for a city. */
  readonly organisation: string;
  /** Administrative-division code of a city government's region (CITY_GOVERNMENT). */
  readonly region?: string;
  /** Token expiry, seconds since the epoch. */
  readonly expiresAt?: number;
}

export const hasRole = (actor: Actor, ...roles: Role[]): boolean =>
  actor.roles.some((r) => roles.includes(r));

/** An actor as written into event metadata: roles joined into one text field. */
export interface EventActor {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly organisation: string;
}

/** How an actor is written into event metadata. */
export const toEventActor = (actor: Actor): EventActor => ({
  id: actor.id,
  name: actor.name,
  role: actor.roles.join(','),
  organisation: actor.organisation,
});

/** The actor recorded for work the system does on its own (demo data, imports run by the CLI). */
export const systemActor = (name = 'Taizhang 系统'): Actor => ({
  id: 'system',
  name,
  roles: ['ADMIN'],
  organisation: 'system',
});
