/**
 * The cluster's service network as the server publishes it and agents read it (pure helpers).
 * Like the heartbeat settings, it lives in a ConfigMap: `kube-system/tugboat-network` with keys
 * `serviceCIDR`, `clusterDNS` and `clusterDomain`. The cluster DNS address is the range's `.10`
 * (k3s: 10.43.0.10), and the server shows it as Service `kube-system/kube-dns`.
 */
import type { KubeObject } from '../api/types.js';
import { formatIpv4, parseCidr, parseIpv4 } from '../api/cidr.js';

export const NETWORK_SETTINGS = { namespace: 'kube-system', name: 'tugboat-network' } as const;
export const KUBE_DNS_SERVICE = { namespace: 'kube-system', name: 'kube-dns' } as const;

/**
 * k3s' default. Not loopback on purpose: a container on a Docker bridge cannot reach the host's
 * 127/8, while a `local` route for this range makes it reachable from host and containers alike.
 */
export const DEFAULT_SERVICE_CIDR = '10.43.0.0/16';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
/** Offset of the DNS address in the range: 10.43.0.0/16 → 10.43.0.10, as kube-dns. */
export const CLUSTER_DNS_OFFSET = 10;

export interface ClusterNetworkSettings {
  serviceCIDR: string;
  /** The cluster DNS server's address (also kube-dns' ClusterIP). */
  clusterDNS: string;
  clusterDomain: string;
}

export type SettingsResult = { ok: true; settings: ClusterNetworkSettings } | { ok: false; message: string };

const DOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Settings for a range and domain, or why they cannot be used. */
export function networkSettingsFor(input: { serviceCIDR?: string; clusterDomain?: string }): SettingsResult {
  const serviceCIDR = input.serviceCIDR ?? DEFAULT_SERVICE_CIDR;
  const clusterDomain = (input.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN).replace(/\.$/, '').toLowerCase();
  const cidr = parseCidr(serviceCIDR);
  const bits = Number(serviceCIDR.split('/')[1]);
  if (!cidr || !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(serviceCIDR)) return { ok: false, message: `invalid service CIDR "${serviceCIDR}": expected an IPv4 range such as 10.43.0.0/16` };
  // The range must hold the network address, .10 for DNS and room for Services: /8 … /24.
  if (bits < 8 || bits > 24) return { ok: false, message: `invalid service CIDR "${serviceCIDR}": the prefix must be between /8 and /24` };
  if (formatIpv4(cidr.base) !== serviceCIDR.split('/')[0]) return { ok: false, message: `invalid service CIDR "${serviceCIDR}": host bits are set (did you mean ${formatIpv4(cidr.base)}/${bits}?)` };
  if (!DOMAIN.test(clusterDomain) || clusterDomain.length > 253) return { ok: false, message: `invalid cluster domain "${clusterDomain}": expected a DNS name such as cluster.local` };
  return { ok: true, settings: { serviceCIDR, clusterDomain, clusterDNS: formatIpv4((cidr.base + CLUSTER_DNS_OFFSET) >>> 0) } };
}

/** The ConfigMap `data` for settings. */
export function networkSettingsData(settings: ClusterNetworkSettings): Record<string, string> {
  return { serviceCIDR: settings.serviceCIDR, clusterDNS: settings.clusterDNS, clusterDomain: settings.clusterDomain };
}

/** Settings from a ConfigMap's data; undefined when missing or inconsistent. */
export function parseNetworkSettings(data: Record<string, string> | undefined): ClusterNetworkSettings | undefined {
  if (!data?.serviceCIDR) return undefined;
  const derived = networkSettingsFor({ serviceCIDR: data.serviceCIDR, clusterDomain: data.clusterDomain });
  if (!derived.ok) return undefined;
  const dns = data.clusterDNS ?? derived.settings.clusterDNS;
  const cidr = parseCidr(data.serviceCIDR)!;
  const dnsValue = parseIpv4(dns);
  if (dnsValue === undefined || ((dnsValue & cidr.mask) >>> 0) !== cidr.base) return undefined;
  return { ...derived.settings, clusterDNS: dns };
}

export function isLoopbackAddress(ip: string): boolean {
  return ip.startsWith('127.');
}

/** True when every address of the range is local on Linux without setup (inside 127.0.0.0/8). */
export function isLoopbackRange(serviceCIDR: string): boolean {
  const cidr = parseCidr(serviceCIDR);
  return cidr !== undefined && cidr.mask >= 0xff000000 && (cidr.base >>> 24) === 127;
}

export function networkSettingsConfigMap(settings: ClusterNetworkSettings): KubeObject {
  return {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { ...NETWORK_SETTINGS, labels: { 'app.kubernetes.io/managed-by': 'tugboat' } },
    data: networkSettingsData(settings),
  };
}

/** The Service users see for the cluster DNS (no selector: every agent serves it itself). */
export function kubeDnsService(settings: ClusterNetworkSettings): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { ...KUBE_DNS_SERVICE, labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS', 'app.kubernetes.io/managed-by': 'tugboat' } },
    spec: {
      type: 'ClusterIP', clusterIP: settings.clusterDNS,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      ],
    },
  };
}
