/**
 * Runtime over the Docker Engine API (dockerode, unix socket). Every call is bounded:
 * an unreachable or wedged daemon gives `RuntimeUnavailable`, never a hang.
 */
import type Docker from 'dockerode';
import type { ContainerInfo, ContainerStats, ExecSession, Runtime, RuntimeInfo, RuntimeResult } from '../runtime.js';
import { fail, ok, RuntimeUnavailableError } from '../results.js';
import { createDockerClients, daemonMessage, failureFrom, isUnavailable, parseDockerHost, withTimeout } from './docker-client.js';
import { toCreateOptions } from './docker-spec.js';
import { toContainerInfo } from './docker-inspect.js';
import { dockerLogs } from './docker-logs.js';
import { dockerExec } from './docker-exec.js';
import { ensureDockerImage } from './docker-image.js';
import { startFailure } from './docker-start.js';

export interface DockerRuntimeOptions {
  /** `unix:///path`, `/path` or `tcp://h:p`; default: $DOCKER_HOST, then /var/run/docker.sock. */
  dockerHost?: string;
  /** Idle timeout of ordinary API calls. */
  requestTimeoutMs?: number;
  /** Upper bound for one image pull. */
  pullTimeoutMs?: number;
  /** Extra time allowed for `docker stop` beyond the grace period. */
  stopSlackMs?: number;
}

export const DOCKER_DEFAULTS = {
  requestTimeoutMs: 10_000,
  pullTimeoutMs: 300_000,
  stopSlackMs: 15_000,
} as const;

export function createDockerRuntime(options: DockerRuntimeOptions = {}): Runtime {
  const settings = { ...DOCKER_DEFAULTS, ...stripUndefined(options) };
  const clients = createDockerClients(parseDockerHost(options.dockerHost ?? process.env.DOCKER_HOST), settings.requestTimeoutMs);
  const { api, streams } = clients;

  async function inspectRaw(id: string): Promise<RuntimeResult<Docker.ContainerInspectInfo>> {
    try {
      return ok(await api.getContainer(id).inspect());
    } catch (error) {
      return failureFrom(error, 'NotFound', `inspect ${id}`);
    }
  }

  async function guarded<T>(context: string, reason: 'CreateContainerError' | 'RunContainerError', work: () => Promise<T>): Promise<RuntimeResult<T>> {
    try {
      return ok(await work());
    } catch (error) {
      return failureFrom(error, reason, context);
    }
  }

  return {
    async info(): Promise<RuntimeResult<RuntimeInfo>> {
      return guarded('version', 'RunContainerError', async () => ({ name: 'docker' as const, version: (await api.version()).Version }));
    },
    ensureImage: (image, policy) => ensureDockerImage({ api, streams, pullTimeoutMs: settings.pullTimeoutMs }, image, policy),
    async create(spec) {
      try {
        const container = await api.createContainer(toCreateOptions(spec));
        return ok({ id: container.id });
      } catch (error) {
        if (isUnavailable(error)) return failureFrom(error, 'CreateContainerError', 'create');
        // 404 here means the image vanished; Kubernetes reports that as a create error too.
        return fail('CreateContainerError', daemonMessage(error));
      }
    },
    async start(id): Promise<RuntimeResult<ContainerInfo>> {
      try {
        await api.getContainer(id).start();
      } catch (error) {
        return startFailure(error, id);
      }
      const inspected = await inspectRaw(id);
      return inspected.ok ? ok(toContainerInfo(inspected.value)) : inspected;
    },
    async stop(id, graceSeconds) {
      try {
        const t = Math.max(0, Math.round(graceSeconds));
        await withTimeout(streams.getContainer(id).stop({ t }), t * 1000 + settings.stopSlackMs, `stopping ${id}`);
        return ok(undefined);
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 304) return ok(undefined); // already stopped
        return failureFrom(error, 'RunContainerError', `stop ${id}`);
      }
    },
    async remove(id) {
      return guarded(`remove ${id}`, 'RunContainerError', () => api.getContainer(id).remove({ force: true, v: true }));
    },
    async inspect(id) {
      const inspected = await inspectRaw(id);
      return inspected.ok ? ok(toContainerInfo(inspected.value)) : inspected;
    },
    async list(labels) {
      let summaries: Docker.ContainerInfo[];
      try {
        const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
        summaries = await api.listContainers({ all: true, filters: { label } });
      } catch (error) {
        throw new RuntimeUnavailableError(`docker list failed: ${daemonMessage(error)}`);
      }
      const inspected = await Promise.all(summaries.map((s) => inspectRaw(s.Id)));
      // A container removed between list and inspect is simply gone.
      return inspected.flatMap((r) => (r.ok ? [toContainerInfo(r.value)] : []));
    },
    async logs(id, logOptions) {
      const inspected = await inspectRaw(id);
      if (!inspected.ok) return inspected;
      return guarded(`logs ${id}`, 'RunContainerError', () =>
        dockerLogs((logOptions.follow ? streams : api).getContainer(id), logOptions, Boolean(inspected.value.Config.Tty)));
    },
    async stats(id): Promise<RuntimeResult<ContainerStats>> {
      return guarded(`stats ${id}`, 'RunContainerError', async () => {
        // one-shot: skip the daemon's second sample (≈1 s); cumulative CPU needs only one.
        const s = (await api.getContainer(id).stats({ stream: false, 'one-shot': true } as { stream: false })) as Docker.ContainerStats;
        const mem = s.memory_stats ?? {};
        const inactive = Number(mem.stats?.total_inactive_file ?? mem.stats?.inactive_file ?? 0);
        // Working set like the kubelet: usage minus reclaimable page cache.
        const memoryBytes = Math.max(0, Number(mem.usage ?? 0) - inactive);
        return { cpuNanos: Number(s.cpu_stats?.cpu_usage?.total_usage ?? 0), memoryBytes, timestamp: Date.parse(s.read) || Date.now() };
      });
    },
    async exec(id, execOptions): Promise<RuntimeResult<ExecSession>> {
      return guarded(`exec ${id}`, 'RunContainerError', () => dockerExec(streams.getContainer(id), execOptions, settings.requestTimeoutMs));
    },
    async close() {
      // dockerode keeps no pooled connections by default; nothing to release.
    },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
