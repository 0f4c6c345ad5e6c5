/**
 * The container runtime interface (architecture.md §6). The agent's pod workers drive
 * containers only through this; implementations: docker (Engine API), process (host
 * processes), hollow (simulated). One contract suite (test/unit|e2e/runtime) tests them all.
 *
 * Expected failures (image missing, command not found, port taken) are returned as
 * `{ ok: false, reason, message }` values with Kubernetes-style reasons, not thrown.
 */

export interface PortMapping {
  name?: string;
  containerPort: number;
  protocol: 'TCP' | 'UDP';
  /** Host port to publish on; 0/undefined = a free port chosen by the runtime. */
  hostPort?: number;
  /** Host address to publish on (default 127.0.0.1). */
  hostIP?: string;
}

export interface Mount {
  hostPath: string;
  containerPath: string;
  readOnly?: boolean;
}

export interface ContainerSpec {
  /** Unique runtime-level name, e.g. `tug_<ns>_<pod>_<container>_<attempt>`. */
  name: string;
  image: string;
  imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  workingDir?: string;
  /** Hostname inside the container (Kubernetes: the pod name); docker sets it, process exports HOSTNAME. */
  hostname?: string;
  ports: PortMapping[];
  mounts: Mount[];
  /** Labels stored on the container; pod uid/namespace/name/container live here (see labels.ts). */
  labels: Record<string, string>;
  /** CPU limit in millicores (limits.cpu), if any. */
  cpuMillis?: number;
  /** Memory limit in bytes (limits.memory), if any. */
  memoryBytes?: number;
  /** Extra DNS resolver and search domains for the container, if the runtime supports it. */
  dns?: { nameservers: string[]; searches: string[]; options?: string[] };
  /** host.docker.internal-style host aliases: hostname → address. */
  extraHosts?: Record<string, string>;
}

export type ContainerStateName = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  /** Image id / digest as the runtime reports it. */
  imageId: string;
  labels: Record<string, string>;
  state: ContainerStateName;
  /** ISO timestamps. */
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  /** True when the kernel OOM killer ended the container. */
  oomKilled?: boolean;
  /** Runtime's own error text, e.g. a failed start. */
  error?: string;
  /** Published ports with the host port actually bound. */
  ports: Array<{ containerPort: number; protocol: 'TCP' | 'UDP'; hostIP: string; hostPort: number }>;
  /** Process id on the host (process runtime, docker when running). */
  pid?: number;
}

export type RuntimeFailureReason =
  | 'ErrImagePull' | 'ErrImageNeverPull' | 'InvalidImageName' | 'CreateContainerError'
  | 'RunContainerError' | 'NotFound' | 'RuntimeUnavailable';

export type RuntimeResult<T> = { ok: true; value: T } | { ok: false; reason: RuntimeFailureReason; message: string };

export interface LogOptions {
  follow?: boolean;
  /** Last N lines only. */
  tailLines?: number;
  /** Only lines newer than this many seconds. */
  sinceSeconds?: number;
  timestamps?: boolean;
  signal?: AbortSignal;
}

export interface ContainerStats {
  /** Cumulative CPU time used, nanoseconds. */
  cpuNanos: number;
  memoryBytes: number;
  /** Sample time, ms since epoch. */
  timestamp: number;
}

export interface ExecOptions {
  command: string[];
  stdin?: NodeJS.ReadableStream;
  tty?: boolean;
  signal?: AbortSignal;
}

/** A running exec session: stdout/stderr streams and the exit code once done. */
export interface ExecSession {
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
  exitCode: Promise<number>;
  /** Resize the TTY, if one was requested. */
  resize?(width: number, height: number): void;
}

export interface RuntimeInfo {
  name: 'docker' | 'process' | 'hollow';
  version: string;
}

export interface Runtime {
  info(): Promise<RuntimeResult<RuntimeInfo>>;
  /** Make the image available per policy (docker pulls; process records it). */
  ensureImage(image: string, policy: ContainerSpec['imagePullPolicy']): Promise<RuntimeResult<{ imageId: string }>>;
  create(spec: ContainerSpec): Promise<RuntimeResult<{ id: string }>>;
  start(id: string): Promise<RuntimeResult<ContainerInfo>>;
  /** SIGTERM, wait up to graceSeconds, then SIGKILL. Resolves once the container has exited. */
  stop(id: string, graceSeconds: number): Promise<RuntimeResult<void>>;
  remove(id: string): Promise<RuntimeResult<void>>;
  inspect(id: string): Promise<RuntimeResult<ContainerInfo>>;
  /** All containers (any state) whose labels include every given label. */
  list(labels: Record<string, string>): Promise<ContainerInfo[]>;
  logs(id: string, options: LogOptions): Promise<RuntimeResult<NodeJS.ReadableStream>>;
  stats(id: string): Promise<RuntimeResult<ContainerStats>>;
  exec(id: string, options: ExecOptions): Promise<RuntimeResult<ExecSession>>;
  close(): Promise<void>;
}
