/** IntOrString fields that hold a count or a percentage (maxSurge, maxUnavailable). */
import { type FieldCause, invalidValue } from '../field-errors.js';

const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

export function validateIntOrPercent(value: number | string | undefined, field: string, opts: { max100?: boolean } = {}): FieldCause[] {
  if (value === undefined) return [];
  if (typeof value === 'number') {
    return value < 0 ? [invalidValue(field, value, 'must be greater than or equal to 0')] : [];
  }
  if (!/^[0-9]+%$/.test(value)) return [invalidValue(field, value, PERCENT_MSG)];
  if (opts.max100 && Number(value.slice(0, -1)) > 100) return [invalidValue(field, value, 'must not be greater than 100%')];
  return [];
}
