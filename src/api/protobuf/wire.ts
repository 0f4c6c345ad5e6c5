/**
 * A minimal protobuf wire-format reader: enough to walk the fields of a message.
 * Varints are returned as numbers; Kubernetes int64 fields (generation, seconds; quantities
 * are strings) stay far below 2^53.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export type WireField =
  | { field: number; wire: typeof WIRE_VARINT; value: number }
  | { field: number; wire: typeof WIRE_FIXED64; value: Buffer }
  | { field: number; wire: typeof WIRE_BYTES; value: Buffer }
  | { field: number; wire: typeof WIRE_FIXED32; value: Buffer };

export class WireError extends Error {
  override readonly name = 'WireError';
}

/**
 * A varint read as a signed int64 (Kubernetes has no uint64 fields): negative int32/int64
 * values arrive sign-extended to 10 bytes and are exact only through BigInt.
 */
function readVarint(buf: Buffer, start: number): { value: number; next: number } {
  let value = 0n;
  let shift = 0n;
  for (let pos = start, i = 0; i < 10; i++, pos++) {
    if (pos >= buf.length) throw new WireError('truncated varint');
    const byte = buf[pos];
    value |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
    if ((byte & 0x80) === 0) return { value: Number(BigInt.asIntN(64, value)), next: pos + 1 };
  }
  throw new WireError('varint longer than 10 bytes');
}

/** Every field of one message, in wire order (repeated fields appear once per element). */
export function readFields(buf: Buffer): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const tag = readVarint(buf, pos);
    pos = tag.next;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (field === 0) throw new WireError('field number 0');
    switch (wire) {
      case WIRE_VARINT: {
        const v = readVarint(buf, pos);
        fields.push({ field, wire, value: v.value });
        pos = v.next;
        break;
      }
      case WIRE_FIXED64:
      case WIRE_FIXED32: {
        const size = wire === WIRE_FIXED64 ? 8 : 4;
        if (pos + size > buf.length) throw new WireError('truncated fixed-width field');
        fields.push({ field, wire, value: buf.subarray(pos, pos + size) });
        pos += size;
        break;
      }
      case WIRE_BYTES: {
        const len = readVarint(buf, pos);
        pos = len.next;
        if (pos + len.value > buf.length) throw new WireError('truncated length-delimited field');
        fields.push({ field, wire, value: buf.subarray(pos, pos + len.value) });
        pos += len.value;
        break;
      }
      default:
        throw new WireError(`unsupported wire type ${wire}`);
    }
  }
  return fields;
}
