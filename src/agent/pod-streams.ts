/**
 * pods/log and pods/exec on this node: find the runtime container behind a pod's
 * container name (newest attempt, or the one before it for `previous`) and open its log
 * or an exec session. Whoever serves the stream (the apiserver's AgentDialer in `tug up`,
 * or an agent endpoint) calls these; expected failures come back as values carrying the
 * messages kubectl users know.
 */
import { Transform } from 'node:stream';
import type { ContainerInfo, ExecSession, Runtime } from './runtime/runtime.js';
import { identityOf, podSelector } from './container-labels.js';
import type { Pod } from './pod/pod-types.js';

export type StreamResult<T> = { ok: true; value: T } | { ok: false; reason: 'BadRequest' | 'NotFound'; message: string };

export interface PodLogRequest {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  timestamps?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** RFC 3339; converted to sinceSeconds against `now`. */
  sinceTime?: string;
  limitBytes?: number;
  signal?: AbortSignal;
}

/** The container name a request means: the given one, or the pod's only container. */
export function containerNameFor(pod: Pod, requested: string | undefined): StreamResult<string> {
  const names = pod.spec.containers.map((c) => c.name);
  const all = [...names, ...(pod.spec.initContainers ?? []).map((c) => c.name)];
  if (requested) {
    return all.includes(requested) ? { ok: true, value: requested } : { ok: false, reason: 'BadRequest', message: `container ${requested} is not valid for pod ${pod.metadata.name}` };
  }
  if (names.length === 1) return { ok: true, value: names[0] };
  return { ok: false, reason: 'BadRequest', message: `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]` };
}

export async function findPodContainer(runtime: Runtime, pod: Pod, name: string, previous: boolean): Promise<StreamResult<ContainerInfo>> {
  const attempts = (await runtime.list(podSelector(pod.metadata.uid ?? '')))
    .filter((c) => identityOf(c)?.containerName === name && c.state !== 'created')
    .sort((a, b) => (identityOf(b)?.attempt ?? 0) - (identityOf(a)?.attempt ?? 0));
  const found = previous ? attempts[1] : attempts[0];
  if (found) return { ok: true, value: found };
  const message = previous
    ? `previous terminated container "${name}" in pod "${pod.metadata.name}" not found`
    : `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`;
  return { ok: false, reason: previous ? 'NotFound' : 'BadRequest', message };
}

/** Ends the stream after `limit` bytes (kubectl logs --limit-bytes). */
export function limitBytes(limit: number): Transform {
  let left = limit;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (left <= 0) return done();
      const part = chunk.subarray(0, left);
      left -= part.length;
      this.push(part);
      if (left <= 0) this.push(null);
      done();
    },
  });
}

export async function openPodLogs(runtime: Runtime, pod: Pod, req: PodLogRequest, now: number): Promise<StreamResult<NodeJS.ReadableStream>> {
  const name = containerNameFor(pod, req.container);
  if (!name.ok) return name;
  const found = await findPodContainer(runtime, pod, name.value, req.previous ?? false);
  if (!found.ok) return found;
  const sinceSeconds = req.sinceTime ? Math.max(0, Math.ceil((now - Date.parse(req.sinceTime)) / 1000)) : req.sinceSeconds;
  const logs = await runtime.logs(found.value.id, {
    follow: (req.follow ?? false) && !req.previous, tailLines: req.tailLines, sinceSeconds, timestamps: req.timestamps, signal: req.signal,
  });
  if (!logs.ok) return { ok: false, reason: 'NotFound', message: logs.message };
  return { ok: true, value: req.limitBytes !== undefined ? logs.value.pipe(limitBytes(req.limitBytes)) : logs.value };
}

export async function openPodExec(runtime: Runtime, pod: Pod, req: { container?: string; command: string[]; tty?: boolean; stdin?: NodeJS.ReadableStream; signal?: AbortSignal }): Promise<StreamResult<ExecSession>> {
  const name = containerNameFor(pod, req.container);
  if (!name.ok) return name;
  const found = await findPodContainer(runtime, pod, name.value, false);
  if (!found.ok) return found;
  if (found.value.state !== 'running') {
    return { ok: false, reason: 'BadRequest', message: `cannot exec into a container in a completed pod; current phase is ${pod.status?.phase ?? 'Unknown'}` };
  }
  const session = await runtime.exec(found.value.id, { command: req.command, tty: req.tty, stdin: req.stdin, signal: req.signal });
  return session.ok ? session : { ok: false, reason: 'BadRequest', message: session.message };
}
