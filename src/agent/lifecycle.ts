/**
 * Runs a preStop hook (exec, httpGet or sleep) before the container is stopped. It is
 * bounded by the grace period and its time counts against it: a 30 s grace with a 5 s
 * preStop leaves 25 s between SIGTERM and SIGKILL. A failing hook is logged, not fatal.
 */
import type { Clock } from '../client/clock.js';
import { sleep } from '../client/clock.js';
import type { ContainerInfo, Runtime } from './runtime/runtime.js';
import type { Container, LifecycleHandler } from './pod/pod-types.js';
import { execProbe } from './probes/exec-probe.js';
import { httpProbe } from './probes/http-probe.js';
import { resolveProbeTarget } from './probes/target.js';
import type { ProbeOutcome } from './probes/probe-state.js';

export interface HookContext {
  runtime: Runtime;
  clock: Clock;
  spec: Container | undefined;
  info: ContainerInfo | undefined;
  containerId: string;
  budgetMs: number;
}

export async function runHook(handler: LifecycleHandler, ctx: HookContext): Promise<ProbeOutcome> {
  if (ctx.budgetMs <= 0) return { result: 'failure', message: 'no grace period left for the hook' };
  if (handler.sleep) {
    await sleep(ctx.clock, Math.min(handler.sleep.seconds * 1000, ctx.budgetMs));
    return { result: 'success' };
  }
  if (handler.exec?.command) {
    return execProbe(ctx.runtime, { containerId: ctx.containerId, command: handler.exec.command, timeoutMs: ctx.budgetMs, clock: ctx.clock });
  }
  if (handler.httpGet && ctx.spec && ctx.info) {
    const target = resolveProbeTarget(handler.httpGet.port, ctx.spec, ctx.info, handler.httpGet.host);
    if (!target.ok) return { result: 'failure', message: target.message };
    return httpProbe({ host: target.host, port: target.port, path: handler.httpGet.path, scheme: handler.httpGet.scheme, headers: handler.httpGet.httpHeaders, timeoutMs: ctx.budgetMs });
  }
  return { result: 'failure', message: 'hook has no handler' };
}

/** preStop (if any) then stop with what is left of the grace period. */
export async function killContainer(ctx: Omit<HookContext, 'budgetMs'> & { graceSeconds: number; preStop?: LifecycleHandler }): Promise<{ hook?: ProbeOutcome; stopped: boolean; message?: string }> {
  const started = ctx.clock.now();
  let hook: ProbeOutcome | undefined;
  if (ctx.preStop) hook = await runHook(ctx.preStop, { ...ctx, budgetMs: ctx.graceSeconds * 1000 });
  const leftSeconds = Math.max(0, Math.ceil(ctx.graceSeconds - (ctx.clock.now() - started) / 1000));
  const stopped = await ctx.runtime.stop(ctx.containerId, leftSeconds);
  if (!stopped.ok && stopped.reason !== 'NotFound') return { hook, stopped: false, message: stopped.message };
  return { hook, stopped: true };
}
