/**
 * The pure half of the multi-host harness: from a run id, host names and a subnet, decide
 * every namespace, interface and address, and the `ip -batch` lines that build them.
 * No I/O here, so the naming and address rules are tested without root (plan.test.ts).
 */

/** One simulated host: a network namespace with `lo` and one veth end (`eth0`) on the switch. */
export interface HostPlan {
  name: string;
  /** Network namespace name, `tug-<run>-<name>`, as listed by `ip netns list`. */
  namespace: string;
  /** The host's IPv4 address on the switch, e.g. 10.251.37.10. */
  address: string;
  /** The address with its prefix, as given to `ip addr add`. */
  cidr: string;
  /** The veth end inside the host namespace. */
  hostInterface: string;
  /** The veth end inside the switch namespace, enslaved to the bridge. */
  switchPort: string;
}

export interface NetworkPlan {
  runId: string;
  /** e.g. 10.251.37.0/24 */
  subnet: string;
  /** Namespace that holds the bridge and the switch-side veth ends (never the root namespace). */
  switchNamespace: string;
  bridge: string;
  hosts: HostPlan[];
}

export const NAMESPACE_PREFIX = 'tug-';
/** Hosts get .10, .11, …; .1–.9 stay free for a future probe or gateway address. */
export const FIRST_HOST_OCTET = 10;
export const MAX_HOSTS = 254 - FIRST_HOST_OCTET + 1;
const SWITCH_NAME = 'switch';
const HOST_NAME = /^[a-z0-9][a-z0-9-]{0,19}$/;

/**
 * A run id carries the owning process id so scripts/netns/cleanup-stale.sh can tell a
 * crashed run (owner gone) from a live parallel one: `<pid>x<4 hex>`.
 */
export function makeRunId(pid: number, random: () => number): string {
  const suffix = Math.floor(random() * 0x10000).toString(16).padStart(4, '0');
  return `${pid}x${suffix}`;
}

/** The owner pid encoded in a namespace name of ours, or undefined for any other name. */
export function ownerPidOf(namespace: string): number | undefined {
  const match = /^tug-(\d+)x[0-9a-f]+-/.exec(namespace);
  return match ? Number(match[1]) : undefined;
}

/** A random private /24 in 10.251.0.0/16, so parallel runs are easy to tell apart in `ip` output. */
export function randomSubnet(random: () => number): string {
  return `10.251.${Math.floor(random() * 256)}.0/24`;
}

export function hostNames(hosts: number | readonly string[]): string[] {
  if (typeof hosts === 'number') {
    if (!Number.isInteger(hosts) || hosts < 1) throw new Error(`hosts must be a positive integer, got ${hosts}`);
    return Array.from({ length: hosts }, (_, i) => `h${i + 1}`);
  }
  return [...hosts];
}

function parseSubnet(subnet: string): [number, number, number] {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.0\/24$/.exec(subnet);
  if (!match) throw new Error(`subnet must be a /24 like 10.251.7.0/24, got ${subnet}`);
  const [a, b, c] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (a > 255 || b > 255 || c > 255) throw new Error(`subnet ${subnet} is not an IPv4 network`);
  // Only RFC 1918 space: the addresses must never be mistaken for someone else's.
  const isPrivate = a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  if (!isPrivate) throw new Error(`subnet ${subnet} is not a private (RFC 1918) range`);
  return [a, b, c];
}

function checkNames(names: readonly string[]): void {
  if (names.length === 0) throw new Error('a host network needs at least one host');
  if (names.length > MAX_HOSTS) throw new Error(`at most ${MAX_HOSTS} hosts fit in a /24, got ${names.length}`);
  const seen = new Set<string>();
  for (const name of names) {
    if (!HOST_NAME.test(name)) throw new Error(`host name ${JSON.stringify(name)} must match ${HOST_NAME}`);
    if (name === SWITCH_NAME) throw new Error(`host name "${SWITCH_NAME}" is reserved for the switch namespace`);
    if (seen.has(name)) throw new Error(`host name ${name} is used twice`);
    seen.add(name);
  }
}

export function planNetwork(runId: string, names: readonly string[], subnet: string): NetworkPlan {
  checkNames(names);
  const [a, b, c] = parseSubnet(subnet);
  const hosts = names.map((name, index): HostPlan => {
    const address = `${a}.${b}.${c}.${FIRST_HOST_OCTET + index}`;
    return {
      name,
      namespace: `${NAMESPACE_PREFIX}${runId}-${name}`,
      address,
      cidr: `${address}/24`,
      hostInterface: 'eth0',
      // Interface names are per namespace, so a short index-based name cannot collide.
      switchPort: `v${index}`,
    };
  });
  return {
    runId,
    subnet,
    switchNamespace: `${NAMESPACE_PREFIX}${runId}-${SWITCH_NAME}`,
    bridge: `tugbr${c}`,
    hosts,
  };
}

/** `ip -n <switch> -batch -` lines: the bridge, then one veth pair per host with its far end moved into the host. */
export function switchBatch(plan: NetworkPlan): string[] {
  const lines = [`link add ${plan.bridge} type bridge`, `link set ${plan.bridge} up`];
  for (const host of plan.hosts) {
    lines.push(
      `link add ${host.switchPort} type veth peer name ${host.hostInterface} netns ${host.namespace}`,
      `link set ${host.switchPort} master ${plan.bridge}`,
      `link set ${host.switchPort} up`,
    );
  }
  return lines;
}

/**
 * `ip -n <host> -batch -` lines: loopback, the address, the link. No default route is ever
 * added, so a host can reach only loopback and the other hosts on the bridge. `addrgenmode
 * none` keeps IPv6 link-local addresses (and their multicast chatter) off the link.
 */
export function hostBatch(host: HostPlan): string[] {
  return [
    'link set lo up',
    `link set ${host.hostInterface} addrgenmode none`,
    `addr add ${host.cidr} dev ${host.hostInterface}`,
    `link set ${host.hostInterface} up`,
  ];
}
