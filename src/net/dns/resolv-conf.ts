/** resolv.conf in both directions: what containers get, and where upstream queries go. */
import { readFile } from 'node:fs/promises';
import { dnsDefaults } from '../defaults.js';

export interface ResolvConfInput {
  /** Address of the cluster DNS server as containers reach it. */
  nameserver: string;
  namespace: string;
  clusterDomain?: string;
  ndots?: number;
}

/** The resolv.conf a container in `namespace` gets, as kubelet writes it for ClusterFirst pods. */
export function resolvConfFor(input: ResolvConfInput): string {
  const domain = (input.clusterDomain ?? dnsDefaults.clusterDomain).replace(/\.$/, '');
  return [
    `nameserver ${input.nameserver}`,
    `search ${input.namespace}.svc.${domain} svc.${domain} ${domain}`,
    `options ndots:${input.ndots ?? dnsDefaults.ndots}`,
    '',
  ].join('\n');
}

export interface UpstreamServer {
  address: string;
  port: number;
}

/** `1.2.3.4`, `1.2.3.4:5353` or `[::1]:53` → address and port (53 by default). */
export function parseUpstream(text: string): UpstreamServer {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { address: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : 53 };
  const parts = text.split(':');
  if (parts.length === 2) return { address: parts[0], port: Number(parts[1]) };
  return { address: text, port: 53 };
}

/** The `nameserver` lines of a resolv.conf, in order. */
export function parseResolvConfNameservers(text: string): UpstreamServer[] {
  const servers: UpstreamServer[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*nameserver\s+(\S+)/.exec(line);
    if (match) servers.push({ address: match[1].replace(/%.*$/, ''), port: 53 });
  }
  return servers;
}

export async function readSystemNameservers(path = '/etc/resolv.conf'): Promise<UpstreamServer[]> {
  try {
    return parseResolvConfNameservers(await readFile(path, 'utf8'));
  } catch {
    return [];
  }
}
