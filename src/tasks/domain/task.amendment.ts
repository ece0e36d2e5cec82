import { BadInputError } from '../../common/errors.js';
import { TEXT_MAX, integerIn, oneOf, regionCode, requiredText } from '../../common/validation.js';
import { AMENDABLE_FIELDS, type AmendableField } from './task.commands.js';
import type { AmendedKey } from './task.events.js';
import { SIGN_OFF_TIERS, type TaskState } from './task.state.js';
import { MEASURES_MAX } from './task.validation.js';
import { leader, unit, unitList } from './task.validation.js';
import { canonicalJson, type JsonValue } from '../../common/json.js';

/**
 * How each amendable list field is checked: the same rules as when it was first written (units'
 * abbreviations read in the province of the task's region).
 */
const CHECK: {
  readonly [F in AmendableField]: (value: unknown, scope: string | null) => JsonValue;
} = {
  number: (v) => integerIn('number', v, 1, 1_000_000),
  title: (v) => requiredText('title', v),
  problem: (v) => requiredText('problem', v, TEXT_MAX),
  category: (v) => requiredText('category', v, 100),
  regionCode: (v) => regionCode('regionCode', v),
  regionName: (v) => requiredText('regionName', v, 100),
  leadUnit: (v, scope) => unit('leadUnit', v, scope),
  supportingUnits: (v, scope) => unitList('supportingUnits', v, scope),
  responsibleLeader: (v) => leader('responsibleLeader', v),
  acceptanceUnit: (v, scope) => unit('acceptanceUnit', v, scope),
  target: (v) => requiredText('target', v, MEASURES_MAX),
  measures: (v) => requiredText('measures', v, MEASURES_MAX),
  longTerm: (v) => {
    if (typeof v !== 'boolean') {
      throw new BadInputError('longTerm：须为布尔值', 'longTerm: must be true or false', {
        field: 'longTerm',
      });
    }
    return v;
  },
  signOffTier: (v) => oneOf('signOffTier', v, SIGN_OFF_TIERS),
};

/** The fields that really change, checked; an amendment that changes nothing is refused. */
export function amendment(
  task: TaskState,
  changes: Partial<Record<AmendableField, unknown>> | null | undefined,
): Partial<Pick<TaskState, AmendedKey>> {
  const out = changedFields(task, changes);
  if (!Object.keys(out).length) {
    throw new BadInputError(
      '修改内容与现有清单一致，未作任何变更',
      'The amendment changes nothing: give at least one field with a new value',
      { field: 'changes' },
    );
  }
  return out;
}

/** The fields of `changes` whose checked value differs from the task's (none: an empty object). */
export function changedFields(
  task: TaskState,
  changes: Partial<Record<AmendableField, unknown>> | null | undefined,
): Partial<Pick<TaskState, AmendedKey>> {
  const out: Record<string, JsonValue> = {};
  const newRegion = changes?.regionCode;
  const scope = typeof newRegion === 'string' && newRegion ? newRegion : task.regionCode;
  for (const [field, value] of Object.entries(changes ?? {})) {
    if (value === undefined || value === null) continue;
    if (!AMENDABLE_FIELDS.includes(field as AmendableField)) {
      throw new BadInputError(
        `${field}：不能通过修改清单变更（时限请用 adjustDeadline）`,
        `${field} cannot be amended (use adjustDeadline for the deadline)`,
        { field },
      );
    }
    const clean = CHECK[field as AmendableField](value, scope);
    // Canonical text, not JSON.stringify: a state folded from stored events has its objects' keys in
    // canonical order, a freshly checked value in the order the checker wrote them.
    if (canonicalJson(clean) !== canonicalJson(task[field as AmendableField])) out[field] = clean;
  }
  return out as Partial<Pick<TaskState, AmendedKey>>;
}
