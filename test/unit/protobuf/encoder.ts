/**
 * A tiny protobuf encoder for building test bodies field by field:
 * message([[1, 'name'], [3, 80], [2, message(...)]]).
 */

export type Value = string | number | boolean | Buffer | Value[] | { varintRaw: number };
export type Field = [number, Value];

function varint(n: number): Buffer {
  // Negative int32/int64 values are sign-extended to 10 bytes, as protobuf does.
  let v = n < 0 ? BigInt.asUintN(64, BigInt(n)) : BigInt(n);
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return Buffer.from(out);
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([varint(field * 8 + 2), varint(payload.length), payload]);
}

/** Encode one message; arrays of values become repeated fields. */
export function message(fields: Field[]): Buffer {
  const parts: Buffer[] = [];
  for (const [field, value] of fields) {
    const values = Array.isArray(value) && !Buffer.isBuffer(value) ? value : [value];
    for (const v of values) {
      if (typeof v === 'number') parts.push(varint(field * 8), varint(v));
      else if (typeof v === 'boolean') parts.push(varint(field * 8), varint(v ? 1 : 0));
      else if (typeof v === 'string') parts.push(lengthDelimited(field, Buffer.from(v, 'utf8')));
      else if (Buffer.isBuffer(v)) parts.push(lengthDelimited(field, v));
      else throw new Error(`cannot encode ${JSON.stringify(v)}`);
    }
  }
  return Buffer.concat(parts);
}

/** Map fields: one {1: key, 2: value} entry message per pair. */
export function mapEntries(m: Record<string, string | Buffer>): Buffer[] {
  return Object.entries(m).map(([k, v]) => message([[1, k], [2, v]]));
}

/** The "k8s\0" + runtime.Unknown envelope around an object's bytes. */
export function envelope(apiVersion: string, kind: string, raw: Buffer, contentEncoding = ''): Buffer {
  const fields: Field[] = [[1, message([[1, apiVersion], [2, kind]])], [2, raw]];
  if (contentEncoding) fields.push([3, contentEncoding]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), message(fields)]);
}
