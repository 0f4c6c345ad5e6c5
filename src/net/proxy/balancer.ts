/**
 * Chooses an endpoint for a new connection or UDP flow: round-robin over ready endpoints,
 * or sticky per client address when the service has ClientIP affinity. Swapping the endpoint
 * set (`update`) is synchronous, so once `sync()` has run no new connection sees old endpoints.
 */
import type { ServiceEndpoint } from '../types.js';
import { endpointKey, type AffinityPolicy } from './plan.js';

interface StickyChoice {
  endpoint: string;
  expiresAt: number;
}

export class Balancer {
  private ready: ServiceEndpoint[] = [];
  private readyByKey = new Map<string, ServiceEndpoint>();
  private affinity: AffinityPolicy = { kind: 'None' };
  private next = 0;
  private readonly sticky = new Map<string, StickyChoice>();
  private nextSweepAt = 0;

  constructor(private readonly now: () => number) {}

  update(readyEndpoints: ServiceEndpoint[], affinity: AffinityPolicy): void {
    this.ready = readyEndpoints;
    this.readyByKey = new Map(readyEndpoints.map((e) => [endpointKey(e), e]));
    if (affinity.kind === 'None') this.sticky.clear();
    this.affinity = affinity;
  }

  get readyCount(): number {
    return this.ready.length;
  }

  isReady(key: string): boolean {
    return this.readyByKey.has(key);
  }

  /** An endpoint not in `exclude` (the ones this connection already failed on), or undefined. */
  pick(clientIp: string | undefined, exclude?: ReadonlySet<string>): ServiceEndpoint | undefined {
    if (this.affinity.kind === 'ClientIP' && clientIp !== undefined) return this.pickSticky(clientIp, this.affinity.timeoutMs, exclude);
    return this.pickRoundRobin(exclude);
  }

  private pickRoundRobin(exclude?: ReadonlySet<string>): ServiceEndpoint | undefined {
    const count = this.ready.length;
    for (let i = 0; i < count; i++) {
      const candidate = this.ready[(this.next + i) % count];
      if (exclude?.has(endpointKey(candidate))) continue;
      this.next = (this.next + i + 1) % count;
      return candidate;
    }
    return undefined;
  }

  private pickSticky(clientIp: string, timeoutMs: number, exclude?: ReadonlySet<string>): ServiceEndpoint | undefined {
    const now = this.now();
    this.sweep(now, timeoutMs);
    const held = this.sticky.get(clientIp);
    if (held && held.expiresAt > now && !exclude?.has(held.endpoint)) {
      const endpoint = this.readyByKey.get(held.endpoint);
      if (endpoint) {
        // Each use renews the timeout, as kube-proxy's "recent" match does.
        held.expiresAt = now + timeoutMs;
        return endpoint;
      }
    }
    const chosen = this.pickRoundRobin(exclude);
    if (chosen) this.sticky.set(clientIp, { endpoint: endpointKey(chosen), expiresAt: now + timeoutMs });
    else this.sticky.delete(clientIp);
    return chosen;
  }

  /** Forget expired choices at most once a minute (or once per timeout, if shorter). */
  private sweep(now: number, timeoutMs: number): void {
    if (now < this.nextSweepAt) return;
    for (const [client, choice] of this.sticky) if (choice.expiresAt <= now) this.sticky.delete(client);
    this.nextSweepAt = now + Math.min(timeoutMs, 60_000);
  }
}
