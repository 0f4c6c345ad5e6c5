/** TCP probe: a connection accepted within the timeout is a success. */
import net from 'node:net';
import type { ProbeOutcome } from './probe-state.js';

export function tcpProbe(req: { host: string; port: number; timeoutMs: number }): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: req.host, port: req.port });
    const finish = (outcome: ProbeOutcome) => { socket.destroy(); resolve(outcome); };
    socket.setTimeout(req.timeoutMs, () => finish({ result: 'failure', message: `dial tcp ${req.host}:${req.port}: i/o timeout` }));
    socket.once('connect', () => finish({ result: 'success' }));
    socket.once('error', (err) => finish({ result: 'failure', message: `dial tcp ${req.host}:${req.port}: ${err.message}` }));
  });
}
