import {
  DEFAULT_ANNOUNCEMENT_TABLE,
  type AnnouncementTable,
} from '../../src/accountability/domain/announcement.table.js';

/**
 * The two provinces' announcement tables of issue 14, as the disclosure team would enter them. The
 * sentences are the published ones (the issue quotes them with spaces around the figures; Chinese
 * official text has none, and the generated paragraph ends with a full stop).
 */
const groups = DEFAULT_ANNOUNCEMENT_TABLE.groups;
const group = (key: string) => groups.find((g) => g.key === key)!;

/** "对 106 名责任人进行问责。其中，厅级干部 10 人，…；给予党政纪处分 66 人，诫勉 38 人，免职或调离岗位 6 人" */
export const PROVINCE_A: AnnouncementTable = {
  name: '甲省口径',
  groups: [
    { ...group('SANCTION'), label: '党政纪处分' },
    group('ADMONISHMENT'),
    { ...group('ORGANISATIONAL'), label: '免职或调离岗位' },
    group('OTHER'),
    group('JUDICIAL'),
  ],
  ranks: [
    { label: '厅级干部', ranks: ['BUREAU'] },
    { label: '处级干部', ranks: ['DIVISION'] },
    { label: '科级干部', ranks: ['SECTION'] },
    { label: '其他干部', ranks: ['OTHER'] },
  ],
  wording: {
    ...DEFAULT_ANNOUNCEMENT_TABLE.wording,
    paragraph: '对{units}{people}名责任人进行问责。其中，{ranks}；给予{groups}。',
    rankSeparator: '，',
  },
};
export const SENTENCE_A =
  '对 106 名责任人进行问责。其中，厅级干部 10 人，处级干部 46 人，科级干部 40 人，其他干部 10 人；给予党政纪处分 66 人，诫勉 38 人，免职或调离岗位 6 人';

/** "对 2 个单位、89 名责任人进行问责，其中厅级 4 人、…；给予党纪政务处分 51 人（含移送司法机关 4 人），…" */
export const PROVINCE_B: AnnouncementTable = {
  name: '乙省口径',
  groups: [
    { ...group('SANCTION'), includes: ['JUDICIAL'] },
    group('ADMONISHMENT'),
    group('ORGANISATIONAL'),
    group('OTHER'),
    group('JUDICIAL'),
  ],
  ranks: [
    { label: '厅级', ranks: ['BUREAU'] },
    { label: '处级', ranks: ['DIVISION'] },
    { label: '科级及以下', ranks: ['SECTION', 'OTHER'] },
  ],
  wording: DEFAULT_ANNOUNCEMENT_TABLE.wording,
};
export const SENTENCE_B =
  '对 2 个单位、89 名责任人进行问责，其中厅级 4 人、处级 36 人、科级及以下 49 人；给予党纪政务处分 51 人（含移送司法机关 4 人），诫勉 14 人，其他处理 24 人';

/** The published sentence as the generator writes it: no spaces around figures, a full stop. */
export const asGenerated = (sentence: string) => sentence.replace(/\s+/g, '') + '。';

/** The figures of a sentence, in order: what "equals the published sentence's figures" compares. */
export const figuresOf = (sentence: string) => (sentence.match(/\d+/g) ?? []).map(Number);
