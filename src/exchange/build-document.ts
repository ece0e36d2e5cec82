import type { DatabaseSync } from 'node:sqlite';
import { BadInputError } from '../common/errors.js';
import { accountabilitySections, announcementSections } from './accountability-rows.js';
import { collectionReport } from './collection-report.js';
import { complaintSummarySections, complaintTableSection } from './complaint-rows.js';
import {
  EXPORT_FORMATS,
  EXPORT_KINDS,
  FORMATS_OF,
  subtitleOf,
  type ExportDocument,
  type ExportFormat,
  type ExportKind,
} from './export-document.js';
import type { Snapshot } from './snapshot.js';
import { RECONCILIATION_COLUMNS, reconciliationPages } from './reconciliation-rows.js';
import { PUBLIC_LEDGER_FIELDS, STATUS_TABLE_FIELDS, columnsOf, taskPages } from './task-rows.js';

export interface DocumentRequest {
  readonly kind: ExportKind;
  readonly snapshot: Snapshot;
  readonly inspectionId?: string;
  /** The frozen round of a collection report. */
  readonly collectionRoundId?: string;
  /** The handover batch a complaint table shows. */
  readonly batch?: number;
  /** Rows per page read from the read model (tests and the benchmark vary it). */
  readonly pageSize?: number;
}

/** The document of one kind at one snapshot: same snapshot, same rows, same order. */
export function buildDocument(db: DatabaseSync, request: DocumentRequest): ExportDocument {
  const { kind, snapshot, inspectionId, batch, pageSize, collectionRoundId } = request;
  const subtitle = subtitleOf(snapshot);
  const scope = inspectionId ? `（${inspectionId}）` : '';
  switch (kind) {
    case 'ledger':
      return {
        kind,
        title: `整改台账${scope} / Rectification ledger`,
        subtitle,
        snapshot,
        sections: [
          {
            title: '整改台账 / Ledger',
            columns: columnsOf(PUBLIC_LEDGER_FIELDS),
            pages: () => taskPages(db, snapshot, PUBLIC_LEDGER_FIELDS, inspectionId, pageSize),
          },
        ],
      };
    case 'rectification-status':
      return {
        kind,
        title: `整改落实情况一览表${scope} / Rectification status`,
        subtitle,
        snapshot,
        sections: [
          {
            title: '整改落实情况 / Status',
            columns: columnsOf(STATUS_TABLE_FIELDS),
            pages: () => taskPages(db, snapshot, STATUS_TABLE_FIELDS, inspectionId, pageSize),
          },
        ],
      };
    case 'reconciliation':
      return {
        kind,
        title: `对账销号清单${scope} / Reconciliation`,
        subtitle,
        snapshot,
        sections: [
          {
            title: '对账销号 / Reconciliation',
            columns: RECONCILIATION_COLUMNS,
            pages: () => reconciliationPages(db, snapshot, inspectionId, pageSize),
          },
        ],
      };
    case 'accountability-summary':
      return {
        kind,
        title: `生态环境损害责任追究情况${scope} / Accountability summary`,
        subtitle,
        snapshot,
        sections: accountabilitySections(db, snapshot, inspectionId),
      };
    case 'accountability-announcement':
      return {
        kind,
        title: `问责情况通报${scope} / Accountability announcement`,
        subtitle,
        snapshot,
        sections: announcementSections(db, snapshot, inspectionId),
      };
    case 'collection-report':
      return { kind, subtitle, snapshot, ...collectionReport(db, snapshot, collectionRoundId) };
    case 'complaint-table': {
      const { inspection, number } = complaintBatch(inspectionId, batch);
      return {
        kind,
        title: `${inspection} 第${number}批信访举报件公开情况一览表 / Complaint cases, batch ${number}`,
        subtitle,
        snapshot,
        sections: [complaintTableSection(db, snapshot, inspection, number, pageSize)],
      };
    }
    case 'complaint-summary':
      return {
        kind,
        title: `信访举报件办理情况${scope} / Complaint cases: summary`,
        subtitle,
        snapshot,
        sections: complaintSummarySections(db, snapshot, inspectionId),
      };
  }
}

/** A complaint table is one batch of one inspection: both are required, the batch a whole number. */
function complaintBatch(
  inspectionId: string | undefined,
  batch: number | undefined,
): { inspection: string; number: number } {
  if (!inspectionId) {
    throw new BadInputError(
      '信访举报件公开一览表须指定督察轮次（inspectionId）',
      'A complaint table needs an inspectionId',
      { field: 'inspectionId' },
    );
  }
  if (batch === undefined || !Number.isSafeInteger(batch) || batch < 1) {
    throw new BadInputError(
      '信访举报件公开一览表须指定批次（batch，正整数）',
      'A complaint table needs a batch (a positive whole number)',
      { field: 'batch' },
    );
  }
  return { inspection: inspectionId, number: batch };
}

export function exportKind(value: string): ExportKind {
  if (!(EXPORT_KINDS as readonly string[]).includes(value)) {
    throw new BadInputError(
      `未知的导出类型 ${value}，可选：${EXPORT_KINDS.join('、')}`,
      `Unknown export kind ${value}; one of ${EXPORT_KINDS.join(', ')}`,
      { field: 'kind' },
    );
  }
  return value as ExportKind;
}

export function exportFormat(kind: ExportKind, value: string): ExportFormat {
  const allowed = FORMATS_OF[kind];
  if (
    !(EXPORT_FORMATS as readonly string[]).includes(value) ||
    !allowed.includes(value as ExportFormat)
  ) {
    throw new BadInputError(
      `${kind} 不支持格式 ${value}，可选：${allowed.join('、')}`,
      `${kind} has no ${value} format; one of ${allowed.join(', ')}`,
      { field: 'format' },
    );
  }
  return value as ExportFormat;
}
