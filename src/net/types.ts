/**
 * The proxy's and the DNS server's view of Services: what `buildServiceTable` computes from
 * Service + Endpoints/EndpointSlice objects. Endpoint addresses are host:port pairs (container
 * ports are published on the host, architecture §7), so a proxy on any host can dial them.
 */

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export type L4Protocol = 'TCP' | 'UDP' | 'SCTP';
export type SessionAffinity = 'None' | 'ClientIP';

/** One backend of one service port. */
export interface ServiceEndpoint {
  ip: string;
  port: number;
  /** May receive new connections: ready and not terminating. */
  ready: boolean;
  terminating: boolean;
  /** Pod name (from targetRef), for logs and drain reports. */
  podName?: string;
  nodeName?: string;
  /** DNS hostname for headless services (`<hostname>.<svc>.<ns>.svc.<domain>`). */
  hostname?: string;
}

export interface ServicePortEntry {
  /** '' for an unnamed port (only allowed when the service has one port). */
  name: string;
  protocol: L4Protocol;
  port: number;
  nodePort?: number;
  endpoints: ServiceEndpoint[];
}

/** An address that backs the service, independent of ports (headless DNS needs these). */
export interface ServiceAddress {
  ip: string;
  ready: boolean;
  terminating: boolean;
  hostname?: string;
  podName?: string;
  nodeName?: string;
}

export interface ServiceEntry {
  namespace: string;
  name: string;
  /** Undefined for headless and ExternalName services. */
  clusterIP?: string;
  type: ServiceType;
  ports: ServicePortEntry[];
  sessionAffinity: SessionAffinity;
  /** Only meaningful with ClientIP affinity; Kubernetes' default is 10800 s (3 h). */
  sessionAffinityTimeoutSeconds: number;
  headless: boolean;
  externalName?: string;
  /** Every address behind any port, deduplicated by IP. */
  addresses: ServiceAddress[];
}

/** Services keyed by `<namespace>/<name>`. */
export type ServiceTable = ReadonlyMap<string, ServiceEntry>;

export function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
