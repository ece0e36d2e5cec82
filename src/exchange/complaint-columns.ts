import type { SheetColumn } from './import/sheet-column.js';

/**
 * The columns of the inspection team's daily handover sheet (信访举报件交办清单) and the headings
 * seen for them. The complainant's name and contact are recognised only to be dropped: they are
 * never read into a command, so no record, export or disclosure can hold them.
 */
export type ComplaintSheetField =
  | 'batch'
  | 'handedOverOn'
  | 'trackingNumber'
  | 'channel'
  | 'keyAttention'
  | 'duplicateOf'
  | 'regionName'
  | 'regionCode'
  | 'pollutionTypes'
  | 'description'
  | 'handedTo'
  | 'replyDueOn'
  | 'complainant';

const col = (
  field: ComplaintSheetField,
  zh: string,
  en: string,
  variants: string[],
  importable = true,
): SheetColumn & { readonly field: ComplaintSheetField } => ({
  field,
  zh,
  en,
  variants,
  public: importable,
  importable,
});

export const COMPLAINT_SHEET_COLUMNS = [
  col('batch', '批次', 'Batch', ['交办批次', '批号', 'batch']),
  col('handedOverOn', '交办日期', 'Handed over on', ['交办时间', '转办日期', '交办日']),
  col('trackingNumber', '受理编号', 'Tracking number', ['编号', '受理号', '信访编号', '举报编号']),
  col('channel', '受理方式', 'Channel', ['举报方式', '信访方式', '来源', '来电来信', '举报途径']),
  col('keyAttention', '重点关注', 'Key attention', ['是否重点关注', '重点件']),
  col('duplicateOf', '重复件', 'Duplicate of', [
    '重复件编号',
    '原受理编号',
    '重复交办',
    '是否重复件',
  ]),
  col('regionName', '行政区域', 'Region', ['所属区域', '地区', '所在地', '行政区划', '设区市']),
  col('regionCode', '行政区划代码', 'Region code', ['区划代码', '地区代码', 'region code']),
  col('pollutionTypes', '污染类型', 'Pollution types', ['污染类别', '问题类型', '类型']),
  col('description', '交办问题基本情况', 'Complaint', [
    '举报内容',
    '信访内容',
    '问题描述',
    '反映问题',
    '交办问题',
    '基本情况',
  ]),
  col('handedTo', '交办单位', 'Handed to', ['承办单位', '责任单位', '办理单位', '转办单位']),
  col('replyDueOn', '答复期限', 'Reply due', ['办理时限', '反馈时限', '办结时限', '回复期限']),
  col(
    'complainant',
    '举报人',
    'Complainant',
    ['举报人姓名', '投诉人', '信访人', '联系方式', '联系电话', '举报人电话', '电话'],
    false,
  ),
] as const;
