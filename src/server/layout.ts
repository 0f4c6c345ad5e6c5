/** Where things live inside the data directory. */
import { join } from 'node:path';

export interface DataDirLayout {
  root: string;
  dbDir: string;
  dbFile: string;
  kubeconfig: string;
}

export function dataDirLayout(root: string): DataDirLayout {
  return {
    root,
    dbDir: join(root, 'db'),
    dbFile: join(root, 'db', 'state.db'),
    kubeconfig: join(root, 'kubeconfig.yaml'),
  };
}
