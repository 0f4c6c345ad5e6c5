/**
 * Field-level validation errors, worded like apimachinery's field.Error so kubectl prints
 * what Kubernetes users expect (`metadata.name: Invalid value: "Bad_Name": …`).
 */
import type { StatusCause } from '../types.js';

export type FieldReason =
  | 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueDuplicate'
  | 'FieldValueForbidden' | 'FieldValueNotFound' | 'FieldValueTooLong';

export interface FieldCause extends StatusCause {
  reason: FieldReason;
  message: string;
  field: string;
}

/** Go-ish rendering of a value: %q for strings, map/slice literals for string maps/lists. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return `[]string{${value.map((v) => JSON.stringify(v)).join(', ')}}`;
  }
  if (typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')) {
    const entries = Object.entries(value as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[string]string{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

export function invalidValue(field: string, value: unknown, detail: string): FieldCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${formatValue(value)}: ${detail}` };
}

export function required(field: string, detail?: string): FieldCause {
  return { reason: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' };
}

export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldCause {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  return { reason: 'FieldValueNotSupported', field, message: `Unsupported value: ${formatValue(value)}: supported values: ${list}` };
}

export function duplicate(field: string, value: unknown): FieldCause {
  return { reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${formatValue(value)}` };
}

export function forbidden(field: string, detail: string): FieldCause {
  return { reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` };
}

export function notFound(field: string, value: unknown): FieldCause {
  return { reason: 'FieldValueNotFound', field, message: `Not found: ${formatValue(value)}` };
}

export function tooLong(field: string, max: number): FieldCause {
  return { reason: 'FieldValueTooLong', field, message: `Too long: may not be more than ${max} bytes` };
}

export function immutable(field: string, value: unknown): FieldCause {
  return invalidValue(field, value, 'field is immutable');
}

/** Checks `value` is one of `supported` when set; the common enum check. */
export function oneOf(field: string, value: string | undefined, supported: readonly string[]): FieldCause[] {
  return value === undefined || supported.includes(value) ? [] : [notSupported(field, value, supported)];
}

export function nonNegative(field: string, value: number | undefined): FieldCause[] {
  return value !== undefined && value < 0 ? [invalidValue(field, value, 'must be greater than or equal to 0')] : [];
}

export function inPortRange(field: string, value: number): FieldCause[] {
  return value >= 1 && value <= 65535 ? [] : [invalidValue(field, value, 'must be between 1 and 65535, inclusive')];
}
