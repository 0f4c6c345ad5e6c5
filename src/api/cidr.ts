/** IPv4 CIDR arithmetic: ClusterIP allocation (apiserver) and which ClusterIPs a proxy may bind. */

export interface Ipv4Cidr {
  base: number;
  mask: number;
}

export function parseIpv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value >>> 0;
}

export function parseCidr(cidr: string): Ipv4Cidr | undefined {
  const [ip, bitsText] = cidr.split('/');
  const base = parseIpv4(ip ?? '');
  const bits = Number(bitsText);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (base & mask) >>> 0, mask };
}

export function cidrContains(cidr: Ipv4Cidr, ip: string): boolean {
  const value = parseIpv4(ip);
  return value !== undefined && ((value & cidr.mask) >>> 0) === cidr.base;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

/** Number of addresses in the block (2^(32 - bits)). */
export function cidrSize(cidr: Ipv4Cidr): number {
  // mask 0xffff0000 (/16) → 2^32 − mask = 65,536; /0 has mask 0 → 2^32.
  return 2 ** 32 - cidr.mask;
}
