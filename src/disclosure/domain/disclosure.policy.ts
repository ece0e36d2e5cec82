import type { Actor } from '../../common/actor.js';
import { requireParty, type Party } from '../../common/policy.js';

const DISCLOSURE_TEAM: Party = {
  zh: '信息公开专员',
  en: 'a disclosure officer',
  roles: ['DISCLOSURE_OFFICER', 'ADMIN'],
};

/** Publishing belongs to the disclosure team (and administrators). */
export const authorisePublish = (actor: Actor): void =>
  requireParty('publishDisclosure', DISCLOSURE_TEAM, actor);
