/**
 * Pure: the resolver a pod's containers get, from its dnsPolicy (as kubelet's dns configurer):
 *  - ClusterFirst (default) and ClusterFirstWithHostNet: the cluster DNS, search
 *    `<ns>.svc.<domain> svc.<domain> <domain>`, `ndots:5`, plus whatever dnsConfig adds;
 *  - Default: the host's resolver (the runtime's own default);
 *  - None: exactly dnsConfig.
 * A loopback cluster DNS address is useless inside a container (its 127/8 is its own), so
 * ClusterFirst then falls back to the host's resolver.
 */
import type { ContainerSpec } from '../runtime/runtime.js';
import { dnsDefaults } from '../../net/defaults.js';
import { isLoopbackAddress, type ClusterNetworkSettings } from '../../net/network-settings.js';

export type ContainerDns = NonNullable<ContainerSpec['dns']>;

export interface PodDnsInput {
  namespace: string;
  dnsPolicy?: string;
  dnsConfig?: {
    nameservers?: string[];
    searches?: string[];
    options?: Array<{ name: string; value?: string }>;
  };
}

/** Kubernetes' limits: 3 nameservers (glibc's MAXNS), 32 search domains. */
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;

function optionText(o: { name: string; value?: string }): string {
  return o.value !== undefined && o.value !== '' ? `${o.name}:${o.value}` : o.name;
}

/** Options by name, later ones winning (dnsConfig overrides ndots:5, as in kubelet). */
function mergeOptions(base: string[], extra: Array<{ name: string; value?: string }>): string[] {
  const byName = new Map<string, string>();
  for (const text of [...base, ...extra.map(optionText)]) byName.set(text.split(':')[0], text);
  return [...byName.values()];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The container resolver for a pod; undefined = keep the runtime's default (host resolver). */
export function podDns(pod: PodDnsInput, settings: ClusterNetworkSettings | undefined): ContainerDns | undefined {
  const policy = pod.dnsPolicy ?? 'ClusterFirst';
  const extra = pod.dnsConfig ?? {};
  if (policy === 'None') {
    return {
      nameservers: unique(extra.nameservers ?? []).slice(0, MAX_NAMESERVERS),
      searches: unique(extra.searches ?? []).slice(0, MAX_SEARCHES),
      options: mergeOptions([], extra.options ?? []),
    };
  }
  if (policy !== 'ClusterFirst' && policy !== 'ClusterFirstWithHostNet') return undefined;
  if (!settings || isLoopbackAddress(settings.clusterDNS)) return undefined;
  const domain = settings.clusterDomain;
  return {
    nameservers: unique([settings.clusterDNS, ...(extra.nameservers ?? [])]).slice(0, MAX_NAMESERVERS),
    searches: unique([`${pod.namespace}.svc.${domain}`, `svc.${domain}`, domain, ...(extra.searches ?? [])]).slice(0, MAX_SEARCHES),
    options: mergeOptions([`ndots:${dnsDefaults.ndots}`], extra.options ?? []),
  };
}
