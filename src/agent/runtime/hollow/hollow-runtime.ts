/**
 * Simulated runtime for scale benchmarks and agent tests: containers live in memory,
 * start instantly and cost a few hundred bytes each. Behaviour is steered by env:
 *   HOLLOW_EXIT_AFTER_MS  exit this long after start (default: run until stopped)
 *   HOLLOW_EXIT_CODE      exit code for that exit (default 0)
 *   HOLLOW_IGNORE_SIGTERM=1  stop() waits the grace period, then reports 137
 */
import { PassThrough } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type {
  ContainerInfo, ContainerSpec, ContainerStats, ExecOptions, ExecSession, LogOptions, Runtime,
  RuntimeInfo, RuntimeResult,
} from '../runtime.js';
import { fail, isValidImageReference, ok } from '../results.js';
import { matchesLabels } from '../labels.js';
import { renderLine, selectLines, type StoredLine } from '../log-lines.js';
import { simulateExec } from './hollow-exec.js';

export interface HollowOptions {
  /** Images the simulated host "has" or can pull; default: every valid reference. */
  isImageAvailable?: (image: string) => boolean;
  /** Commands that exist; default: all. A false answer makes start() fail like a missing binary. */
  isCommandRunnable?: (command: string) => boolean;
  now?: () => number;
}

interface HollowContainer {
  info: ContainerInfo;
  spec: ContainerSpec;
  lines: StoredLine[];
  /** Follow streams → whether they want timestamps. */
  followers: Map<PassThrough, boolean>;
  exitTimer?: NodeJS.Timeout;
}

const SIGKILL_EXIT = 137;

export function createHollowRuntime(options: HollowOptions = {}): Runtime {
  const now = options.now ?? Date.now;
  const isImageAvailable = options.isImageAvailable ?? (() => true);
  const isCommandRunnable = options.isCommandRunnable ?? (() => true);
  const containers = new Map<string, HollowContainer>();
  const iso = () => new Date(now()).toISOString();
  // Simulated ephemeral host ports cycle through 30000–59999 like a kernel's range would.
  let portCounter = 0;
  const nextHostPort = () => 30000 + (portCounter++ % 30000);

  const find = (id: string) => containers.get(id) ?? [...containers.values()].find((c) => c.info.name === id);
  const notFound = <T>(id: string) => fail<T>('NotFound', `no such container: ${id}`);

  function appendLog(c: HollowContainer, text: string): void {
    const line = { time: now(), text };
    c.lines.push(line);
    for (const [f, timestamps] of c.followers) f.write(renderLine(line, timestamps));
  }

  function exit(c: HollowContainer, code: number): void {
    if (c.info.state !== 'running') return;
    clearTimeout(c.exitTimer);
    c.info = { ...c.info, state: 'exited', exitCode: code, finishedAt: iso(), pid: undefined };
    appendLog(c, `hollow: exited with ${code}`);
    for (const f of c.followers.keys()) f.end();
    c.followers.clear();
  }

  const runtime: Runtime = {
    async info(): Promise<RuntimeResult<RuntimeInfo>> {
      return ok({ name: 'hollow', version: '1' });
    },
    async ensureImage(image, policy) {
      if (!isValidImageReference(image)) return fail('InvalidImageName', `invalid image reference "${image}"`);
      if (isImageAvailable(image)) return ok({ imageId: `hollow:${image}` });
      if (policy === 'Never') return fail('ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`);
      return fail('ErrImagePull', `pull access denied for ${image}: repository does not exist (hollow)`);
    },
    async create(spec) {
      if ([...containers.values()].some((c) => c.info.name === spec.name)) {
        return fail('CreateContainerError', `the container name "${spec.name}" is already in use`);
      }
      const id = randomBytes(16).toString('hex');
      const info: ContainerInfo = {
        id, name: spec.name, image: spec.image, imageId: `hollow:${spec.image}`, labels: { ...spec.labels },
        state: 'created', createdAt: iso(), ports: [],
      };
      containers.set(id, { info, spec, lines: [], followers: new Map() });
      return ok({ id });
    },
    async start(id) {
      const c = find(id);
      if (!c) return notFound(id);
      const argv = [...(c.spec.command ?? []), ...(c.spec.args ?? [])];
      if (argv.length > 0 && !isCommandRunnable(argv[0])) {
        const message = `exec: "${argv[0]}": executable file not found in $PATH`;
        c.info = { ...c.info, error: message, exitCode: 127 };
        return fail('RunContainerError', message);
      }
      const ports = c.spec.ports.map((p) => ({
        containerPort: p.containerPort, protocol: p.protocol, hostIP: p.hostIP ?? '127.0.0.1', hostPort: p.hostPort || nextHostPort(),
      }));
      c.info = { ...c.info, state: 'running', startedAt: iso(), finishedAt: undefined, exitCode: undefined, ports };
      appendLog(c, `hollow: started ${argv.join(' ')}`.trimEnd());
      const after = c.spec.env.HOLLOW_EXIT_AFTER_MS;
      if (after !== undefined) {
        c.exitTimer = setTimeout(() => exit(c, Number(c.spec.env.HOLLOW_EXIT_CODE ?? 0)), Number(after));
        c.exitTimer.unref();
      }
      return ok(c.info);
    },
    async stop(id, graceSeconds) {
      const c = find(id);
      if (!c) return notFound(id);
      if (c.info.state !== 'running') return ok(undefined);
      if (c.spec.env.HOLLOW_IGNORE_SIGTERM === '1') {
        await new Promise((r) => setTimeout(r, graceSeconds * 1000));
        exit(c, SIGKILL_EXIT);
      } else {
        exit(c, 0);
      }
      return ok(undefined);
    },
    async remove(id) {
      const c = find(id);
      if (!c) return notFound(id);
      clearTimeout(c.exitTimer);
      for (const f of c.followers.keys()) f.end();
      containers.delete(c.info.id);
      return ok(undefined);
    },
    async inspect(id) {
      const c = find(id);
      return c ? ok({ ...c.info }) : notFound(id);
    },
    async list(labels) {
      return [...containers.values()].filter((c) => matchesLabels(c.info.labels, labels)).map((c) => ({ ...c.info }));
    },
    async logs(id, options: LogOptions) {
      const c = find(id);
      if (!c) return notFound(id);
      const out = new PassThrough();
      const timestamps = options.timestamps ?? false;
      for (const line of selectLines(c.lines, options, now())) out.write(renderLine(line, timestamps));
      if (options.follow && c.info.state === 'running') {
        c.followers.set(out, timestamps);
        const detach = () => { c.followers.delete(out); out.end(); };
        options.signal?.addEventListener('abort', detach, { once: true });
        out.on('close', () => c.followers.delete(out));
      } else {
        out.end();
      }
      return ok(out);
    },
    async stats(id): Promise<RuntimeResult<ContainerStats>> {
      const c = find(id);
      return c ? ok({ cpuNanos: 0, memoryBytes: 0, timestamp: now() }) : notFound(id);
    },
    async exec(id, options: ExecOptions): Promise<RuntimeResult<ExecSession>> {
      const c = find(id);
      if (!c) return notFound(id);
      if (c.info.state !== 'running') return fail('RunContainerError', `container ${id} is not running`);
      return ok(simulateExec(options.command));
    },
    async close() {
      for (const c of containers.values()) clearTimeout(c.exitTimer);
    },
  };
  return runtime;
}
