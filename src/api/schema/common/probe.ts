/** Probe and lifecycle handlers (core/v1 Probe, LifecycleHandler). */
import { z } from 'zod';
import { Int, IntOrString } from './primitives.js';

export const ExecAction = z.strictObject({ command: z.array(z.string()).optional() });

export const HTTPHeader = z.strictObject({ name: z.string(), value: z.string() });

export const HTTPGetAction = z.strictObject({
  path: z.string().optional(),
  port: IntOrString,
  host: z.string().optional(),
  scheme: z.string().optional(),
  httpHeaders: z.array(HTTPHeader).optional(),
});

export const TCPSocketAction = z.strictObject({ port: IntOrString, host: z.string().optional() });

export const GRPCAction = z.strictObject({ port: Int, service: z.string().optional() });

export const SleepAction = z.strictObject({ seconds: Int });

export const Probe = z.strictObject({
  exec: ExecAction.optional(),
  httpGet: HTTPGetAction.optional(),
  tcpSocket: TCPSocketAction.optional(),
  grpc: GRPCAction.optional(),
  initialDelaySeconds: Int.optional(),
  timeoutSeconds: Int.optional(),
  periodSeconds: Int.optional(),
  successThreshold: Int.optional(),
  failureThreshold: Int.optional(),
  terminationGracePeriodSeconds: Int.optional(),
});
export type Probe = z.infer<typeof Probe>;

export const LifecycleHandler = z.strictObject({
  exec: ExecAction.optional(),
  httpGet: HTTPGetAction.optional(),
  tcpSocket: TCPSocketAction.optional(),
  sleep: SleepAction.optional(),
});
export type LifecycleHandler = z.infer<typeof LifecycleHandler>;

export const Lifecycle = z.strictObject({
  postStart: LifecycleHandler.optional(),
  preStop: LifecycleHandler.optional(),
  stopSignal: z.string().optional(),
});
export type Lifecycle = z.infer<typeof Lifecycle>;

/** The handler kinds a probe may carry; exactly one must be set. */
export const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
export const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;
