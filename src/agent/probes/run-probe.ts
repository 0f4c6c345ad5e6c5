/** One run of any probe kind against a container: picks the executor by handler. */
import type { Clock } from '../../client/clock.js';
import type { ContainerInfo, Runtime } from '../runtime/runtime.js';
import type { Container, Probe } from '../pod/pod-types.js';
import { execProbe } from './exec-probe.js';
import { httpProbe } from './http-probe.js';
import type { ProbeOutcome } from './probe-state.js';
import { resolveProbeTarget } from './target.js';
import { tcpProbe } from './tcp-probe.js';

export interface ProbeRunContext {
  runtime: Runtime;
  clock: Clock;
  spec: Container;
  container: ContainerInfo;
  timeoutMs: number;
}

export async function runProbe(probe: Probe, ctx: ProbeRunContext): Promise<ProbeOutcome> {
  if (probe.exec?.command) {
    return execProbe(ctx.runtime, { containerId: ctx.container.id, command: probe.exec.command, timeoutMs: ctx.timeoutMs, clock: ctx.clock });
  }
  if (probe.httpGet) {
    const target = resolveProbeTarget(probe.httpGet.port, ctx.spec, ctx.container, probe.httpGet.host);
    if (!target.ok) return { result: 'failure', message: target.message };
    return httpProbe({ host: target.host, port: target.port, path: probe.httpGet.path, scheme: probe.httpGet.scheme, headers: probe.httpGet.httpHeaders, timeoutMs: ctx.timeoutMs });
  }
  if (probe.tcpSocket) {
    const target = resolveProbeTarget(probe.tcpSocket.port, ctx.spec, ctx.container, probe.tcpSocket.host);
    if (!target.ok) return { result: 'failure', message: target.message };
    return tcpProbe({ host: target.host, port: target.port, timeoutMs: ctx.timeoutMs });
  }
  return { result: 'failure', message: 'probe has no handler (exec, httpGet or tcpSocket)' };
}
