import type { Actor } from '../common/actor.js';
import type { AnnouncementCommand } from '../accountability/domain/announcement.decider.js';
import { DEFAULT_ANNOUNCEMENT_TABLE } from '../accountability/domain/announcement.table.js';
import type { CaseCommand } from '../accountability/domain/case.commands.js';
import { demoOffice } from './demo-actors.js';

/**
 * The demo's accountability story (issue 14), after the rectification story: one referred case with
 * people in two announcement groups, a decision by the organisation department, a unit held
 * accountable, a judicial referral the province counts inside 党纪政务处分, and a public-interest suit
 * that runs on after the case closes.
 */
const party = (role: Actor['roles'][number], organisation: string, who: string): Actor => ({
  id: `demo:${role.toLowerCase()}:${organisation}`,
  name: `${organisation} ${who}（演示）`,
  roles: [role],
  organisation,
});
const commission = party('DISCIPLINE_AUTHORITY', '江西省纪委监委', '钱某');
const organisationDepartment = party('ORGANISATION_DEPARTMENT', '赣州市委组织部', '孙某');
const procuratorate = party('PROCURATORATE', '赣州市人民检察院', '周某');

export type DemoAccountabilityStep = {
  readonly commandId: string;
  readonly at: string;
  readonly actor: Actor;
  readonly reason?: string;
} & (
  | { readonly kind: 'case'; readonly id: string; readonly command: CaseCommand }
  | { readonly kind: 'announcement'; readonly id: string; readonly command: AnnouncementCommand }
);

const at = (date: string) => `${date}T02:00:00.000Z`;
const CASE = 'DEMO-AC-1';

export function demoAccountabilitySteps(inspectionId: string): DemoAccountabilityStep[] {
  const step = (
    n: string,
    date: string,
    actor: Actor,
    command: CaseCommand,
    reason?: string,
  ): DemoAccountabilityStep => ({
    kind: 'case',
    id: CASE,
    commandId: `demo:case:${n}`,
    at: at(date),
    actor,
    command,
    ...(reason ? { reason } : {}),
  });
  const person = (personId: string, name: string, position: string, rank: string) =>
    step(`person-${personId}`, '2025-10-20', commission, {
      type: 'AddAccountablePerson',
      personId,
      name,
      positionAtTheTime: position,
      rank,
      organisationType: 'DEPARTMENT',
      responsibilityType: 'SUPERVISORY',
    });
  const sanction = (sanctionId: string, personId: string, kind: string, by = commission) =>
    step(`sanction-${sanctionId}`, '2025-11-05', by, {
      type: 'RecordSanction',
      personId,
      sanctionId,
      kind,
      decidingBody: by.organisation,
      decidedOn: '2025-11-03',
      publishedOn: '2025-11-10',
      publishedIn: '江西省纪委监委网站（演示）',
    });
  const { groups, ...rest } = DEFAULT_ANNOUNCEMENT_TABLE;
  return [
    step('open', '2025-10-10', demoOffice, {
      type: 'OpenAccountabilityCase',
      caseId: CASE,
      inspectionId,
      referenceNumber: '赣督移〔2025〕演示1号',
      referredProblem: '【演示】稀土矿山生态修复进展缓慢，违规开采问题长期未查处',
      linkedTaskIds: ['DEMO-03'],
      investigatingBody: commission.organisation,
      referredOn: '2025-10-10',
    }),
    step('investigation', '2025-10-18', commission, {
      type: 'RecordInvestigation',
      teams: 2,
      interviews: 36,
      findings: '有关部门对违规开采监管不力，修复责任落实不到位（演示）',
    }),
    person('p1', '赵某', '时任某县自然资源局局长', 'DIVISION'),
    person('p2', '钱某某', '时任某县生态环境局副局长', 'SECTION'),
    person('p3', '孙某某', '时任某矿业公司负责人', 'OTHER'),
    sanction('s1', 'p1', 'PARTY_SERIOUS_WARNING'),
    sanction('s2', 'p1', 'DEMERIT'),
    sanction('s3', 'p1', 'DISMISSAL', organisationDepartment),
    sanction('s4', 'p2', 'ADMONISHMENT', organisationDepartment),
    sanction('s5', 'p3', 'JUDICIAL_REFERRAL'),
    step('unit', '2025-11-05', commission, {
      type: 'HoldUnitAccountable',
      unitId: 'u1',
      name: '某县自然资源局（演示）',
      organisationType: 'DEPARTMENT',
      methods: ['CIRCULAR', 'SELF_EXAMINATION'],
      decidingBody: commission.organisation,
      decidedOn: '2025-11-03',
      publishedOn: '2025-11-10',
    }),
    step('suit', '2025-11-12', procuratorate, {
      type: 'RecordPublicInterestLitigation',
      litigationId: 'l1',
      referredTo: procuratorate.organisation,
      description: '矿山生态破坏民事公益诉讼（演示）',
      referredOn: '2025-11-12',
    }),
    step('close', '2025-11-20', commission, {
      type: 'CloseAccountabilityCase',
      summary: '问责到位，公益诉讼另行办理（演示）',
    }),
    {
      kind: 'announcement',
      id: inspectionId,
      commandId: 'demo:announcement:table',
      at: at('2025-11-25'),
      actor: demoOffice,
      command: {
        type: 'SetAnnouncementTable',
        inspectionId,
        ...rest,
        name: '江西口径（演示：移送司法机关计入党纪政务处分）',
        groups: groups.map((g) => (g.key === 'SANCTION' ? { ...g, includes: ['JUDICIAL'] } : g)),
      },
    },
  ];
}
