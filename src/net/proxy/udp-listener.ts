/**
 * A UDP listener for one (address, port). Each client address:port is a flow with its own
 * upstream socket, so replies can be told apart and sent back from the service address.
 * When a flow's endpoint leaves the ready set, the client's next datagram starts a new flow on a
 * ready endpoint, while the old flow stays open for late replies until it has been idle for
 * udpIdleTimeoutMs (UDP's version of draining). One sweep timer per listener
 * (not one timer per flow) keeps per-packet work to a map lookup and a send.
 */
import dgram from 'node:dgram';
import type { Balancer } from './balancer.js';
import type { ConnectionTracker } from './connections.js';
import { endpointKey } from './plan.js';
import type { NetLogger } from '../logger.js';
import type { OpenListener } from './tcp-listener.js';

export interface UdpListenerContext {
  balancer: Balancer;
  tracker: ConnectionTracker;
  service: string;
  portName: string;
  idleTimeoutMs: number;
  now: () => number;
  logger: NetLogger;
}

interface Flow {
  upstream: dgram.Socket;
  endpointKey: string;
  endpointIp: string;
  endpointPort: number;
  lastActive: number;
  release: () => void;
  closed: boolean;
}

export function listenUdp(address: string, port: number, ctx: UdpListenerContext): Promise<OpenListener> {
  const socket = dgram.createSocket({ type: 'udp4' });
  const flows = new Map<string, Flow>();
  /** Flows whose endpoint left the ready set: they only relay replies until idle. */
  const retired = new Set<Flow>();

  const closeFlow = (key: string, flow: Flow): void => {
    if (flow.closed) return;
    flow.closed = true;
    if (flows.get(key) === flow) flows.delete(key);
    retired.delete(flow);
    flow.release();
    flow.upstream.close();
  };

  const openFlow = (clientAddress: string, clientPort: number): Flow | undefined => {
    const endpoint = ctx.balancer.pick(clientAddress);
    if (!endpoint) return undefined;
    const upstream = dgram.createSocket({ type: 'udp4' });
    const key = `${clientAddress}:${clientPort}`;
    const flow: Flow = { upstream, endpointKey: endpointKey(endpoint), endpointIp: endpoint.ip, endpointPort: endpoint.port, closed: false, lastActive: ctx.now(), release: ctx.tracker.open(ctx.service, ctx.portName, 'UDP', endpointKey(endpoint)) };
    upstream.on('error', (err) => {
      ctx.logger.debug({ service: ctx.service, endpoint: endpointKey(endpoint), err: err.message }, 'udp upstream error');
      closeFlow(key, flow);
    });
    upstream.on('message', (reply, from) => {
      if (from.address !== endpoint.ip || from.port !== endpoint.port) return;
      flow.lastActive = ctx.now();
      socket.send(reply, clientPort, clientAddress);
    });
    flows.set(key, flow);
    return flow;
  };

  socket.on('message', (message, from) => {
    const key = `${from.address}:${from.port}`;
    let flow = flows.get(key);
    if (flow && !ctx.balancer.isReady(flow.endpointKey)) {
      flows.delete(key);
      retired.add(flow);
      flow = undefined;
    }
    flow ??= openFlow(from.address, from.port);
    if (!flow) return; // no ready endpoint: dropped, as a datagram to nowhere would be
    flow.lastActive = ctx.now();
    // Unconnected upstream socket: connect() is asynchronous and Node 20 rejects a send without an
    // address while connecting; replies are filtered by source address instead.
    flow.upstream.send(message, flow.endpointPort, flow.endpointIp);
  });

  const sweep = setInterval(() => {
    const idleBefore = ctx.now() - ctx.idleTimeoutMs;
    for (const [key, flow] of flows) if (flow.lastActive <= idleBefore) closeFlow(key, flow);
    for (const flow of retired) if (flow.lastActive <= idleBefore) closeFlow('', flow);
  }, Math.max(10, Math.floor(ctx.idleTimeoutMs / 2)));
  sweep.unref();

  const close = (): void => {
    clearInterval(sweep);
    // UDP replies must leave from the service address, so a removed listener ends its flows.
    for (const [key, flow] of flows) closeFlow(key, flow);
    for (const flow of retired) closeFlow('', flow);
    socket.close();
  };

  return new Promise((resolve, reject) => {
    const onBindError = (err: Error): void => {
      clearInterval(sweep);
      socket.close();
      reject(err);
    };
    socket.once('error', onBindError);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', onBindError);
      socket.on('error', (err) => ctx.logger.warn({ service: ctx.service, address, port, err: err.message }, 'udp listener error'));
      resolve({ close });
    });
  });
}
