import type { Actor } from '../common/actor.js';

/** Demo actors: roles and organisations only, no real person's name (张某, 李某 style). */
export const demoOffice: Actor = {
  id: 'demo:office',
  name: '省督察办 张某（演示）',
  roles: ['INSPECTION_OFFICE'],
  organisation: '江西省生态环境保护督察整改工作领导小组办公室',
};

export const demoEntity = (organisation: string): Actor => ({
  id: `demo:entity:${organisation}`,
  name: `${organisation} 李某（演示）`,
  roles: ['IMPLEMENTING_ENTITY'],
  organisation,
});

export const demoAcceptor = (organisation: string): Actor => ({
  id: `demo:acceptance:${organisation}`,
  name: `${organisation} 赵某（演示）`,
  roles: ['ACCEPTANCE_UNIT'],
  organisation,
});

export const demoCity = (organisation: string, region: string): Actor => ({
  id: `demo:city:${region}`,
  name: `${organisation} 王某（演示）`,
  roles: ['CITY_GOVERNMENT'],
  organisation,
  region,
});

export const demoDepartment = (organisation: string): Actor => ({
  id: `demo:department:${organisation}`,
  name: `${organisation} 孙某（演示）`,
  roles: ['PROVINCIAL_DEPARTMENT'],
  organisation,
});
