/**
 * Pure: what a query name means inside the cluster domain. Names are matched lower-cased
 * (DNS is case-insensitive); answers echo the name as the client wrote it.
 */

export type ClusterName =
  | { kind: 'service'; service: string; namespace: string }
  | { kind: 'servicePort'; portName: string; protocol: string; service: string; namespace: string }
  /** `<hostname>.<svc>.<ns>.svc` (headless endpoint) or `_<proto>.<svc>.<ns>.svc` (empty non-terminal). */
  | { kind: 'serviceChild'; label: string; service: string; namespace: string }
  | { kind: 'pod'; ip: string | undefined; namespace: string }
  /** An existing name with no records of its own: the domain, `svc`, `<ns>.svc`, `pod`, `<ns>.pod`. */
  | { kind: 'interior'; namespace?: string }
  | { kind: 'unknown' };

/** undefined when the name is outside the cluster domain (so it is forwarded upstream). */
export function parseClusterName(queryName: string, clusterDomain: string): ClusterName | undefined {
  const name = queryName.toLowerCase().replace(/\.$/, '');
  const domain = clusterDomain.toLowerCase().replace(/\.$/, '');
  if (name !== domain && !name.endsWith(`.${domain}`)) return undefined;
  const labels = name === domain ? [] : name.slice(0, -(domain.length + 1)).split('.');
  const zone = labels[labels.length - 1];
  if (labels.length === 0) return { kind: 'interior' };
  if (zone === 'svc') return parseServiceName(labels.slice(0, -1));
  if (zone === 'pod') return parsePodName(labels.slice(0, -1));
  return { kind: 'unknown' };
}

function parseServiceName(labels: string[]): ClusterName {
  switch (labels.length) {
    case 0: return { kind: 'interior' };
    case 1: return { kind: 'interior', namespace: labels[0] };
    case 2: return { kind: 'service', service: labels[0], namespace: labels[1] };
    case 3: return { kind: 'serviceChild', label: labels[0], service: labels[1], namespace: labels[2] };
    case 4:
      if (labels[0].startsWith('_') && labels[1].startsWith('_')) {
        return { kind: 'servicePort', portName: labels[0].slice(1), protocol: labels[1].slice(1), service: labels[2], namespace: labels[3] };
      }
      return { kind: 'unknown' };
    default: return { kind: 'unknown' };
  }
}

function parsePodName(labels: string[]): ClusterName {
  if (labels.length === 0) return { kind: 'interior' };
  if (labels.length === 1) return { kind: 'interior', namespace: labels[0] };
  if (labels.length !== 2) return { kind: 'unknown' };
  return { kind: 'pod', ip: dashedIpv4(labels[0]), namespace: labels[1] };
}

/** `10-1-2-3` → `10.1.2.3`; undefined if it is not an IPv4 address. */
export function dashedIpv4(label: string): string | undefined {
  const parts = label.split('-');
  if (parts.length !== 4) return undefined;
  if (!parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number).join('.');
}

/** The DNS label an endpoint gets under a headless service: its hostname, else its dashed IP. */
export function endpointLabel(address: { ip: string; hostname?: string }): string {
  return (address.hostname ?? address.ip.replaceAll('.', '-')).toLowerCase();
}
