/** Where things live inside the data directory. */
import { join } from 'node:path';

export interface DataDirLayout {
  root: string;
  dbDir: string;
  dbFile: string;
  kubeconfig: string;
  /** Plain-HTTP unix socket for in-process clients; undefined when the path would be too long. */
  internalSocket?: string;
}

export function dataDirLayout(root: string): DataDirLayout {
  return {
    root,
    dbDir: join(root, 'db'),
    dbFile: join(root, 'db', 'state.db'),
    kubeconfig: join(root, 'kubeconfig.yaml'),
    // sun_path holds 108 bytes; a deeper data dir falls back to HTTPS on loopback.
    internalSocket: join(root, 'api.sock').length < 100 ? join(root, 'api.sock') : undefined,
  };
}
