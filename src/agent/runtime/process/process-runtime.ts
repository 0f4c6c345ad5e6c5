/**
 * Runs containers as host processes (hosts without Docker, multi-host tests). The image
 * is only recorded; `command` is required. The first container port gets a host port
 * on 127.0.0.1 passed as env PORT. State lives in one JSON file per container, so a
 * restarted agent lists and adopts processes started by its previous incarnation.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerInfo, ContainerSpec, Runtime, RuntimeResult } from '../runtime.js';
import { fail, ok } from '../results.js';
import { matchesLabels } from '../labels.js';
import { StateStore, type ProcessRecord } from './state-store.js';
import { LogFiles } from './log-files.js';
import { isProcessAlive, readProcStat, readProcessEnv, readRssBytes, ticksToNanos } from './proc-stat.js';
import { exitCodeOf, resolveExecutable, signalGroup, spawnContainerProcess, waitUntil } from './process-control.js';
import { execOnHost } from './process-exec.js';
import { assignPorts } from './process-ports.js';
import { newContainerId } from './ids.js';
import { linkMounts, MOUNT_ROOT_ENV } from './mounts.js';

export interface ProcessRuntimeOptions {
  /** Where container records and logs live, e.g. `<tug data dir>/process-runtime`. */
  dataDir: string;
  /** Env every container starts from (PATH so commands resolve); default: the agent's PATH and HOME. */
  baseEnv?: Record<string, string>;
  now?: () => number;
}

/** After SIGKILL, how long to wait for the kernel to reap the group before giving up. */
const KILL_WAIT_MS = 5000;
/** Output is stamped at least this often (reads stamp at once), so timestamps are ≤1 s late. */
export const LOG_STAMP_INTERVAL_MS = 1000;

export function createProcessRuntime(options: ProcessRuntimeOptions): Runtime {
  const now = options.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const baseEnv = options.baseEnv ?? pickEnv(['PATH', 'HOME']);
  const store = new StateStore(options.dataDir);
  const logs = new LogFiles(options.dataDir, now);
  const records = new Map<string, ProcessRecord>();
  const children = new Map<string, ChildProcess>();
  let loaded: Promise<void> | undefined;
  const stamper = setInterval(() => {
    for (const r of records.values()) {
      if (r.info.state === 'running') void logs.ingest(r.info.id).catch(() => undefined);
    }
  }, LOG_STAMP_INTERVAL_MS);
  stamper.unref();

  const load = () => (loaded ??= (async () => {
    await store.init();
    await logs.init();
    for (const r of await store.loadAll()) records.set(r.info.id, r);
  })());

  async function find(id: string): Promise<ProcessRecord | undefined> {
    await load();
    const record = records.get(id) ?? [...records.values()].find((r) => r.info.name === id);
    if (record) await refresh(record);
    return record;
  }

  async function update(record: ProcessRecord, info: Partial<ContainerInfo>): Promise<void> {
    record.info = { ...record.info, ...info };
    // An exit noticed after remove() must not write the record back.
    if (records.get(record.info.id) === record) await store.save(record);
  }

  /** Notices a death we did not witness (process started by a previous agent). */
  async function refresh(record: ProcessRecord): Promise<void> {
    const { state, pid } = record.info;
    if (state !== 'running' || children.has(record.info.id) || pid === undefined) return;
    if (await isProcessAlive(pid, record.pidStartTime)) return;
    await update(record, {
      state: 'exited', finishedAt: iso(), pid: undefined,
      error: 'process exited while no agent was watching it; exit code unknown',
    });
  }

  const containerEnv = (r: ProcessRecord) => {
    const port = r.info.ports[0]?.hostPort;
    const mountRoot: Record<string, string> = r.spec.mounts.length > 0 ? { [MOUNT_ROOT_ENV]: scratchDir(r.info.id) } : {};
    return { ...baseEnv, ...(r.spec.hostname ? { HOSTNAME: r.spec.hostname } : {}), ...r.spec.env, ...mountRoot, ...(port ? { PORT: String(port) } : {}) };
  };
  // Without a workingDir each container gets a scratch dir of its own, removed with it.
  const scratchDir = (id: string) => join(options.dataDir, 'work', id);
  const containerCwd = (r: ProcessRecord) => r.spec.workingDir ?? scratchDir(r.info.id);
  const isRunning = async (id: string) => (await find(id))?.info.state === 'running';
  const notFound = <T>(id: string) => fail<T>('NotFound', `no such container: ${id}`);

  function watchExit(record: ProcessRecord, child: ChildProcess): void {
    children.set(record.info.id, child);
    child.once('exit', (code, signal) => {
      // A container ends with its main process: take any stragglers of the group along.
      if (record.info.pid) signalGroup(record.info.pid, 'SIGKILL');
      children.delete(record.info.id);
      void logs.ingest(record.info.id, true).catch(() => undefined);
      void update(record, { state: 'exited', exitCode: exitCodeOf(code, signal), finishedAt: iso(), pid: undefined })
        .catch(() => undefined);
    });
  }

  return {
    async info() {
      return ok({ name: 'process' as const, version: process.version });
    },
    async ensureImage(image) {
      return ok({ imageId: `process:${image}` });
    },
    async create(spec: ContainerSpec) {
      await load();
      if (!spec.command || spec.command.length === 0) {
        return fail('CreateContainerError', `container "${spec.name}": the process runtime needs an explicit command`);
      }
      if (spec.workingDir && !existsSync(spec.workingDir)) {
        return fail('CreateContainerError', `working directory "${spec.workingDir}" does not exist on this host`);
      }
      if ([...records.values()].some((r) => r.info.name === spec.name)) {
        return fail('CreateContainerError', `the container name "${spec.name}" is already in use`);
      }
      const id = newContainerId();
      const record: ProcessRecord = {
        spec,
        info: {
          id, name: spec.name, image: spec.image, imageId: `process:${spec.image}`, labels: { ...spec.labels },
          state: 'created', createdAt: iso(), ports: [],
        },
      };
      records.set(id, record);
      await store.save(record);
      return ok({ id });
    },
    async start(id): Promise<RuntimeResult<ContainerInfo>> {
      const record = await find(id);
      if (!record) return notFound(id);
      if (record.info.state === 'running') return ok({ ...record.info });
      const ports = await assignPorts(record.spec.ports);
      if (!ports.ok) return ports;
      await update(record, { ports: ports.value });
      const env = containerEnv(record);
      const cwd = containerCwd(record);
      const argv = [...(record.spec.command ?? []), ...(record.spec.args ?? [])];
      if (!resolveExecutable(argv[0], env, cwd)) {
        const message = `exec: "${argv[0]}": executable file not found in $PATH`;
        await update(record, { error: message, exitCode: 127 });
        return fail('RunContainerError', message);
      }
      mkdirSync(cwd, { recursive: true });
      await linkMounts(scratchDir(id), record.spec.mounts);
      const child = spawnContainerProcess({ argv, env, cwd, outputPath: logs.rawPath(id) });
      if (child.pid === undefined) return fail('RunContainerError', `failed to start "${argv[0]}"`);
      // Mark running before any await: a short-lived process may exit (and be recorded) at once.
      record.info = {
        ...record.info, state: 'running', pid: child.pid, startedAt: iso(), finishedAt: undefined, exitCode: undefined, error: undefined,
      };
      const started = { ...record.info };
      watchExit(record, child);
      record.pidStartTime = (await readProcStat(child.pid))?.startTime;
      await store.save(record);
      return ok(started);
    },
    async stop(id, graceSeconds) {
      const record = await find(id);
      if (!record) return notFound(id);
      const pid = record.info.pid;
      if (record.info.state !== 'running' || pid === undefined) return ok(undefined);
      const exited = async () => (await find(id))?.info.state !== 'running';
      signalGroup(pid, 'SIGTERM');
      if (!(await waitUntil(exited, graceSeconds * 1000))) {
        signalGroup(pid, 'SIGKILL');
        if (!(await waitUntil(exited, KILL_WAIT_MS))) return fail('RunContainerError', `process group ${pid} survived SIGKILL`);
      }
      return ok(undefined);
    },
    async remove(id) {
      const record = await find(id);
      if (!record) return notFound(id);
      if (record.info.state === 'running' && record.info.pid) signalGroup(record.info.pid, 'SIGKILL');
      children.get(record.info.id)?.removeAllListeners('exit');
      children.delete(record.info.id);
      records.delete(record.info.id);
      await store.delete(record.info.id);
      await logs.remove(record.info.id);
      await rm(scratchDir(record.info.id), { recursive: true, force: true });
      return ok(undefined);
    },
    async inspect(id) {
      const record = await find(id);
      return record ? ok({ ...record.info }) : notFound(id);
    },
    async list(labels) {
      await load();
      const matching = [...records.values()].filter((r) => matchesLabels(r.info.labels, labels));
      for (const r of matching) await refresh(r);
      return matching.map((r) => ({ ...r.info }));
    },
    async logs(id, logOptions) {
      const record = await find(id);
      if (!record) return notFound(id);
      return ok(await logs.stream(record.info.id, logOptions, () => isRunning(record.info.id)));
    },
    async stats(id) {
      const record = await find(id);
      if (!record) return notFound(id);
      const pid = record.info.pid;
      const stat = pid !== undefined && record.info.state === 'running' ? await readProcStat(pid) : undefined;
      const memoryBytes = stat && pid !== undefined ? await readRssBytes(pid) : 0;
      return ok({ cpuNanos: stat ? ticksToNanos(stat.cpuTicks) : 0, memoryBytes, timestamp: now() });
    },
    async exec(id, execOptions) {
      const record = await find(id);
      if (!record) return notFound(id);
      if (record.info.state !== 'running') return fail('RunContainerError', `container ${id} is not running`);
      // An adopted container's env was not saved (it may hold secrets): take the process's own.
      const env = record.envKnown === false && record.info.pid !== undefined
        ? await readProcessEnv(record.info.pid) ?? containerEnv(record)
        : containerEnv(record);
      return ok(execOnHost(execOptions, containerCwd(record), env));
    },
    async close() {
      clearInterval(stamper);
      // Containers keep running on purpose; only forget our child handles.
      for (const child of children.values()) child.removeAllListeners('exit');
      children.clear();
    },
  };
}

function pickEnv(keys: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of keys) if (process.env[k] !== undefined) env[k] = process.env[k] as string;
  return env;
}
