import {
  PROVINCES,
  UNITS,
  findUnit,
  resolveUnitCell,
  sameUnit,
  signOffPathOf,
  unitByCode,
  unknownUnitMessage,
} from '../../src/common/units/units.js';
import { assignment } from '../../src/tasks/domain/task.validation.js';

/** Issue 16: one registry for every province, abbreviations read in the province they are used in. */
describe('the national unit registry', () => {
  const base = {
    target: '目标',
    measures: '措施',
    deadline: '2025-06-30',
  };

  it('holds the government of every one of the 31 provinces and each province’s departments', () => {
    expect(PROVINCES).toHaveLength(31);
    for (const p of PROVINCES) {
      const gov = unitByCode(`GOV-${p.code}`);
      expect([p.code, gov?.kind, gov?.name]).toEqual([
        p.code,
        'PROVINCIAL_GOVERNMENT',
        `${p.name}人民政府`,
      ]);
      const departments = UNITS.filter(
        (u) => u.kind === 'PROVINCIAL_DEPARTMENT' && u.regionCode === p.code,
      );
      expect([p.code, departments.length >= 20]).toEqual([p.code, true]);
    }
    expect(new Set(UNITS.map((u) => u.code)).size).toBe(UNITS.length);
  });

  it('keeps Jiangxi’s units, codes and aliases as they were', () => {
    expect(unitByCode('DEPT-ZJT')?.name).toBe('江西省住房和城乡建设厅');
    expect(unitByCode('GOV-360400')?.name).toBe('九江市人民政府');
    expect(findUnit('省住建厅')?.code).toBe('DEPT-ZJT');
    expect(findUnit('省环境厅')?.code).toBe('DEPT-STHJT');
    expect(findUnit('九江')?.code).toBe('GOV-360400');
    expect(findUnit('江投集团')?.code).toBe('SOE-JTJT');
  });

  it('reads an abbreviation in the province it is used in', () => {
    expect(findUnit('省住建厅', '440000')?.name).toBe('广东省住房和城乡建设厅');
    expect(findUnit('省住建厅', '440106')?.name).toBe('广东省住房和城乡建设厅');
    expect(findUnit('生态环境厅', '450000')?.name).toBe('广西壮族自治区生态环境厅');
    expect(findUnit('自治区生态环境厅', '450000')?.name).toBe('广西壮族自治区生态环境厅');
    expect(findUnit('区生态环境厅', '450000')?.name).toBe('广西壮族自治区生态环境厅');
    expect(findUnit('市生态环境局', '110000')?.name).toBe('北京市生态环境局');
    expect(findUnit('省政府', '440000')?.code).toBe('GOV-440000');
    // A full name means one unit anywhere; an abbreviation shared by provinces means none elsewhere.
    expect(findUnit('广东省生态环境厅')?.regionCode).toBe('440000');
    expect(findUnit('省住建厅', null)?.code).toBe('DEPT-ZJT');
    expect(sameUnit('省住建厅', '广东省住房和城乡建设厅', '440000')).toBe(true);
    expect(sameUnit('省住建厅', '广东省住房和城乡建设厅', '360000')).toBe(false);
  });

  it('answers every unit by its name in its own province, or by its city-qualified name when two share it', () => {
    const clashes: string[] = [];
    for (const u of UNITS) {
      if (findUnit(u.name, u.regionCode) === u) continue;
      const qualified = u.aliases.find((a) => a.endsWith('人民政府') && a !== u.name);
      if (qualified && findUnit(qualified, u.regionCode) === u) continue;
      clashes.push(`${u.code} ${u.name}`);
    }
    expect(clashes).toEqual([]);
    // A municipality's districts and a province's directly administered cities answer to the province.
    expect(findUnit('朝阳区', '110000')?.parent).toBe('GOV-110000');
    expect(findUnit('仙桃市', '420000')?.parent).toBe('GOV-420000');
  });

  it('resolves a list cell and explains an unknown name within the province', () => {
    const cell = resolveUnitCell('广州市人民政府（牵头）、省住建厅', '440000');
    expect(cell.lead?.name).toBe('广州市人民政府');
    expect(cell.supporting.map((u) => u.name)).toEqual(['广东省住房和城乡建设厅']);
    const { zh } = unknownUnitMessage('leadUnit', '省住房厅', '440000');
    expect(zh).toContain('广东省住房和城乡建设厅');
    expect(zh).not.toContain('江西');
  });

  it('gives a task outside Jiangxi its own province’s units and the department path for province-wide work', () => {
    const a = assignment({
      ...base,
      leadUnit: '省生态环境厅',
      acceptanceUnit: '省住建厅',
      supportingUnits: ['省水利厅'],
      regionCode: '440000',
    });
    expect([a.leadUnit, a.acceptanceUnit, a.supportingUnits]).toEqual([
      '广东省生态环境厅',
      '广东省住房和城乡建设厅',
      ['广东省水利厅'],
    ]);
    expect(a.signOffPath).toBe('DEPARTMENT');
    // No region given: the lead unit's province reads the rest.
    const b = assignment({ ...base, leadUnit: '广州市人民政府', acceptanceUnit: '省住建厅' });
    expect([b.regionCode, b.acceptanceUnit, b.signOffPath]).toEqual([
      '440100',
      '广东省住房和城乡建设厅',
      'CITY',
    ]);
    expect(signOffPathOf(findUnit('广州市人民政府'), '440000')).toBe('DEPARTMENT');
  });
});
