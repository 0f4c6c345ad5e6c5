/**
 * Counts open connections (TCP) and flows (UDP) per endpoint, so the agent can see when an
 * endpoint that left the ready set has drained before it stops the container.
 */

export interface EndpointConnections {
  service: string;
  portName: string;
  protocol: 'TCP' | 'UDP';
  /** `ip:port` of the backend. */
  endpoint: string;
  connections: number;
}

export class ConnectionTracker {
  private readonly counts = new Map<string, EndpointConnections>();

  /** Records one connection; the returned function releases it (calling it twice is harmless). */
  open(service: string, portName: string, protocol: 'TCP' | 'UDP', endpoint: string): () => void {
    const key = `${protocol}|${service}|${portName}|${endpoint}`;
    let entry = this.counts.get(key);
    if (!entry) {
      entry = { service, portName, protocol, endpoint, connections: 0 };
      this.counts.set(key, entry);
    }
    entry.connections++;
    const counted = entry;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      counted.connections--;
      if (counted.connections === 0 && this.counts.get(key) === counted) this.counts.delete(key);
    };
  }

  entries(): EndpointConnections[] {
    return [...this.counts.values()].map((e) => ({ ...e }));
  }
}
