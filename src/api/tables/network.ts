/** Printers for Service, Endpoints and EndpointSlice (printers.go printService …). */
import type { KubeObject } from '../types.js';
import { ageCol, col, nameCol } from './columns.js';
import { since } from './duration.js';
import { formatLabels, listWithMore } from './format.js';
import type { Printer } from './types.js';

/** loadBalancerWidth: the External-IP cell is clipped to 16 characters outside `-o wide`. */
const LOAD_BALANCER_WIDTH = 16;

export const servicePrinter: Printer = {
  columns: [
    nameCol(),
    col('Type', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'The list of ports that are exposed by this service.'),
    ageCol(),
    col('Selector', 'Route service traffic to pods with label keys and values matching this selector.', { wide: true }),
  ],
  cells: (o, now) => {
    const spec = o.spec ?? {};
    const clusterIP: string = spec.clusterIPs?.[0] ?? spec.clusterIP ?? '';
    return [
      o.metadata.name ?? '',
      spec.type ?? 'ClusterIP',
      clusterIP || '<none>',
      // The server always renders wide output, so the External-IP cell is not clipped.
      serviceExternalIP(o, true),
      portString(spec.ports ?? []) || '<none>',
      since(o.metadata.creationTimestamp, now),
      formatLabels(spec.selector),
    ];
  },
};

function loadBalancerIPs(o: KubeObject, wide: boolean): string {
  const ips = new Set<string>();
  for (const ing of o.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) ips.add(ing.ip);
    else if (ing.hostname) ips.add(ing.hostname);
  }
  const joined = [...ips].sort().join(',');
  return !wide && joined.length > LOAD_BALANCER_WIDTH ? `${joined.slice(0, LOAD_BALANCER_WIDTH - 3)}...` : joined;
}

export function serviceExternalIP(o: KubeObject, wide: boolean): string {
  const spec = o.spec ?? {};
  const externalIPs: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIPs(o, wide);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** makePortString: "80/TCP" or "80:30080/TCP" when a node port is allocated. */
export function portString(ports: Array<{ port: number; nodePort?: number; protocol?: string }>): string {
  return ports.map((p) => {
    const protocol = p.protocol ?? 'TCP';
    return p.nodePort ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
  }).join(',');
}

export const endpointsPrinter: Printer = {
  columns: [nameCol(), col('Endpoints', 'The set of all endpoints is the union of all subsets.'), ageCol()],
  cells: (o, now) => [o.metadata.name ?? '', formatEndpoints(o.subsets as EndpointSubset[] | undefined), since(o.metadata.creationTimestamp, now)],
};

interface EndpointSubset { addresses?: Array<{ ip: string }>; ports?: Array<{ port: number; name?: string }> }

/** formatEndpoints with ports=nil: up to three "ip:port", then " + N more...". */
export function formatEndpoints(subsets: EndpointSubset[] | undefined): string {
  if (!subsets || subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  let more = false;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const targets = (ss.ports ?? []).length === 0 ? [undefined] : ss.ports!;
    for (const port of targets) {
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(port === undefined ? addr.ip : joinHostPort(addr.ip, port.port));
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export const endpointSlicePrinter: Printer = {
  columns: [
    nameCol(),
    col('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
    col('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    col('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
    ageCol(),
  ],
  cells: (o, now) => {
    const ports: Array<{ port?: number; name?: string }> = (o.ports as never) ?? [];
    const endpoints: Array<{ addresses?: string[] }> = (o.endpoints as never) ?? [];
    return [
      o.metadata.name ?? '',
      o.addressType ?? '',
      listWithMore(ports.map((p) => (p.port !== undefined ? String(p.port) : p.name ?? '*'))),
      listWithMore(endpoints.flatMap((e) => e.addresses ?? [])),
      since(o.metadata.creationTimestamp, now),
    ];
  },
};
