/**
 * Declarative message tables and the generic decoder that turns protobuf bytes into the
 * JSON shape Kubernetes would serve. Field numbers come from the upstream generated.proto
 * files (see the messages/ folder).
 *
 * JSON fidelity rules (protobuf cannot tell empty from unset, Go's JSON encoder decides):
 * - strings/bools/ints that are zero are omitted, as `omitempty` does, unless the Go field
 *   is a pointer (`ptr`), where presence on the wire means the pointer was set;
 * - nested messages that are present are kept, even empty (encoding/json never omits structs);
 * - a zero metav1.Time is omitted (Go writes null);
 * - map values are kept even when empty ("a": "").
 */
import { WIRE_BYTES, WIRE_VARINT, WireError, readFields, type WireField } from './wire.js';

export type FieldType =
  | 'string' | 'bytes' | 'int' | 'bool'
  | 'time' | 'quantity' | 'intOrString'
  | { message: MessageSchema }
  | { map: 'string' | 'bytes' | 'quantity' };

/** `inline`: a Go embedded struct (`json:",inline"`) whose fields are merged into the parent. */
export interface FieldSpec { name: string; type: FieldType; repeated?: boolean; ptr?: boolean; inline?: boolean }
export type MessageSchema = Record<number, FieldSpec>;

/** Builders that keep the message tables short. */
export const str = (name: string, opts: { repeated?: boolean; ptr?: boolean } = {}): FieldSpec => ({ name, type: 'string', ...opts });
export const int = (name: string, opts: { ptr?: boolean; repeated?: boolean } = {}): FieldSpec => ({ name, type: 'int', ...opts });
export const bool = (name: string, opts: { ptr?: boolean } = {}): FieldSpec => ({ name, type: 'bool', ...opts });
export const msg = (name: string, message: MessageSchema, opts: { repeated?: boolean } = {}): FieldSpec => ({ name, type: { message }, ...opts });
export const inline = (message: MessageSchema): FieldSpec => ({ name: '', type: { message }, inline: true });
export const map = (name: string, values: 'string' | 'bytes' | 'quantity' = 'string'): FieldSpec => ({ name, type: { map: values } });
export const time = (name: string): FieldSpec => ({ name, type: 'time' });
export const quantity = (name: string): FieldSpec => ({ name, type: 'quantity' });
export const intOrString = (name: string): FieldSpec => ({ name, type: 'intOrString' });
export const bytes = (name: string): FieldSpec => ({ name, type: 'bytes' });

function expectBytes(f: WireField, name: string): Buffer {
  if (f.wire !== WIRE_BYTES) throw new WireError(`field ${name}: expected length-delimited, got wire type ${f.wire}`);
  return f.value;
}

function expectVarint(f: WireField, name: string): number {
  if (f.wire !== WIRE_VARINT) throw new WireError(`field ${name}: expected varint, got wire type ${f.wire}`);
  return f.value;
}

/** metav1.Time {1: seconds, 2: nanos} → RFC 3339 at second precision, undefined for the zero time. */
function decodeTime(buf: Buffer): string | undefined {
  let seconds = 0;
  for (const f of readFields(buf)) if (f.field === 1) seconds = expectVarint(f, 'seconds');
  if (seconds === 0) return undefined;
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** resource.Quantity {1: string}. */
function decodeQuantity(buf: Buffer): string {
  let value = '';
  for (const f of readFields(buf)) if (f.field === 1) value = expectBytes(f, 'quantity').toString('utf8');
  return value;
}

/** intstr.IntOrString {1: type (0 int, 1 string), 2: intVal, 3: strVal}. */
function decodeIntOrString(buf: Buffer): number | string {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  for (const f of readFields(buf)) {
    if (f.field === 1) type = expectVarint(f, 'type');
    else if (f.field === 2) intVal = expectVarint(f, 'intVal');
    else if (f.field === 3) strVal = expectBytes(f, 'strVal').toString('utf8');
  }
  return type === 1 ? strVal : intVal;
}

/** Map entries are messages {1: key, 2: value}; an absent value is the empty value. */
function decodeMapEntry(buf: Buffer, values: 'string' | 'bytes' | 'quantity'): [string, string] {
  let key = '';
  let value = values === 'quantity' ? '0' : '';
  for (const f of readFields(buf)) {
    if (f.field === 1) key = expectBytes(f, 'key').toString('utf8');
    else if (f.field === 2) {
      const raw = expectBytes(f, 'value');
      value = values === 'string' ? raw.toString('utf8') : values === 'bytes' ? raw.toString('base64') : decodeQuantity(raw);
    }
  }
  return [key, value];
}

/** The JSON value of one field occurrence; undefined means "leave the field out". */
function decodeValue(f: WireField, spec: FieldSpec): unknown {
  const t = spec.type;
  if (t === 'int') {
    const n = expectVarint(f, spec.name);
    return n === 0 && !spec.ptr && !spec.repeated ? undefined : n;
  }
  if (t === 'bool') {
    const b = expectVarint(f, spec.name) !== 0;
    return !b && !spec.ptr ? undefined : b;
  }
  const buf = expectBytes(f, spec.name);
  if (t === 'string') {
    const s = buf.toString('utf8');
    return s === '' && !spec.ptr && !spec.repeated ? undefined : s;
  }
  if (t === 'bytes') return buf.length === 0 ? undefined : buf.toString('base64');
  if (t === 'time') return decodeTime(buf);
  if (t === 'quantity') return decodeQuantity(buf);
  if (t === 'intOrString') return decodeIntOrString(buf);
  if ('message' in t) return decodeMessage(buf, t.message);
  return decodeMapEntry(buf, t.map);
}

/** Decode one message with its table. Unknown field numbers are skipped, as proto2 does. */
export function decodeMessage(buf: Buffer, schema: MessageSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of readFields(buf)) {
    const spec = schema[f.field];
    if (!spec) continue;
    const value = decodeValue(f, spec);
    if (value === undefined) continue;
    if (spec.inline) {
      Object.assign(out, value);
    } else if (typeof spec.type === 'object' && 'map' in spec.type) {
      const [k, v] = value as [string, string];
      const m = (out[spec.name] ??= {}) as Record<string, string>;
      m[k] = v;
    } else if (spec.repeated) {
      ((out[spec.name] ??= []) as unknown[]).push(value);
    } else {
      out[spec.name] = value; // proto semantics: the last occurrence wins
    }
  }
  return out;
}
