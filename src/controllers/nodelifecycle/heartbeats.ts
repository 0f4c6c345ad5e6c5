/**
 * When each node was last heard from. A heartbeat is a change of the Lease's renewTime,
 * timed by the controller's own clock when it sees the change (Kubernetes' probeTimestamp),
 * not by the renewTime value: agents' clocks may be skewed against the server's. A node
 * without a Lease counts from when the controller first saw it, and so does every node
 * when the controller (re)starts, so a control plane that was down does not declare the
 * whole cluster dead at once.
 */
import type { KubeObject } from '../../api/types.js';

export interface Heartbeat {
  lastHeartbeatMs: number;
  /** The Lease's leaseDurationSeconds × 1000; 0 without a Lease. */
  leaseDurationMs: number;
}

interface Seen extends Heartbeat {
  renewTime?: string;
}

export class HeartbeatTracker {
  private readonly seen = new Map<string, Seen>();

  /** Records the node's Lease as it is now (undefined: no Lease) and returns its last heartbeat. */
  observe(nodeName: string, lease: KubeObject | undefined, nowMs: number): Heartbeat {
    const renewTime: string | undefined = typeof lease?.spec?.renewTime === 'string' ? lease.spec.renewTime : undefined;
    const seconds = lease?.spec?.leaseDurationSeconds;
    const leaseDurationMs = typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : 0;
    const previous = this.seen.get(nodeName);
    const renewed = !previous || (renewTime !== undefined && renewTime !== previous.renewTime);
    const next: Seen = {
      renewTime: renewTime ?? previous?.renewTime,
      lastHeartbeatMs: renewed ? nowMs : previous.lastHeartbeatMs,
      leaseDurationMs: leaseDurationMs || previous?.leaseDurationMs || 0,
    };
    this.seen.set(nodeName, next);
    return { lastHeartbeatMs: next.lastHeartbeatMs, leaseDurationMs: next.leaseDurationMs };
  }

  forget(nodeName: string): void {
    this.seen.delete(nodeName);
  }
}
