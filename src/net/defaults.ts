/**
 * Every timeout and limit of the service proxy and the DNS server, in one place (style habit 11).
 */

/** Kubernetes' default `sessionAffinityConfig.clientIP.timeoutSeconds`: 3 hours. */
export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10_800;

export const proxyDefaults = {
  /**
   * Tries per new TCP connection: the first endpoint plus two retries. Three is enough to step
   * over an endpoint that just died while keeping a total outage from stalling clients long.
   */
  maxConnectTries: 3,
  /** A backend that has not accepted in 2 s is treated like a refused one and the next is tried. */
  connectTimeoutMs: 2_000,
  /**
   * Client bytes kept for replay until the backend sends its first byte. docker-proxy accepts on
   * the host port and then closes if the container is gone, so "refused" often looks like
   * "accepted, then closed with no reply"; replaying a request of up to 64 KiB covers that.
   */
  replayBufferBytes: 64 * 1024,
  /** A UDP flow (client address:port) with no packet either way for 30 s is forgotten. */
  udpIdleTimeoutMs: 30_000,
  /** Largest UDP datagram relayed. */
  udpMaxDatagramBytes: 65_507,
  /** Loopback range usable as ClusterIPs without any host setup (all of 127/8 is local on Linux). */
  clusterIPRange: '127.10.0.0/16',
} as const;

export const dnsDefaults = {
  clusterDomain: 'cluster.local',
  /** Short so clients notice a new ClusterIP or endpoint set within seconds. */
  ttlSeconds: 5,
  /** An upstream that has not answered in 2 s gets SERVFAIL (the client's resolver retries). */
  upstreamTimeoutMs: 2_000,
  /** Classic DNS UDP payload limit when the query carries no EDNS OPT record. */
  udpPayloadBytes: 512,
  /** ndots:5 as in Kubernetes, so `svc.ns` and `svc.ns.svc` resolve through the search list. */
  ndots: 5,
} as const;
