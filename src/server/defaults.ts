/** Every default of `tug up` / `tug server`, in one place. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const serverDefaults = {
  /** The Kubernetes API's well-known port, so `kubectl` users find it where they expect. */
  port: 6443,
  /** Loopback only unless the operator opts in: the API is the keys to every host. */
  bind: '127.0.0.1',
  logLevel: 'info',
  /** 3 MiB, the same request-body limit as kube-apiserver. */
  bodyLimitBytes: 3 * 1024 * 1024,
  /** After SIGTERM, give open requests and watches this long before exiting anyway. */
  shutdownGraceMs: 10_000,
} as const;

export function defaultDataDir(): string {
  return join(homedir(), '.tug');
}
