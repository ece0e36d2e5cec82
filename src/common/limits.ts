import { BadInputError } from './errors.js';

/** How a record is named in a per-record limit's message: 每项整改任务 / a task. */
export interface RecordNoun {
  readonly zh: string;
  readonly en: string;
}

/**
 * Refuses input that would take one record past a per-record limit (issue 19: one actor must not
 * grow a record without bound), naming the field and the limit. Deciders call it; evolve never does,
 * so events recorded before a limit existed still fold.
 */
export function withinRecordLimit(
  field: string,
  record: RecordNoun,
  held: number,
  adding: number,
  max: number,
): void {
  if (held + adding > max) {
    throw new BadInputError(
      `${field}：${record.zh}至多 ${max} 项（已有 ${held} 项，本次 ${adding} 项）`,
      `${field}: ${record.en} holds at most ${max} items (it has ${held}, this adds ${adding})`,
      { field, max, held, adding },
    );
  }
}
