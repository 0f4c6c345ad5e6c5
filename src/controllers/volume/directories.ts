/**
 * Directory operations for volumes under a root this process can see (the server's view of
 * the shared directory; an agent's view of its local-path root). Refuses any path that is
 * not strictly inside the root, so a hand-written PersistentVolume can never make us remove
 * `/` or someone's home directory.
 */
import { chmod, mkdir, rm } from 'node:fs/promises';
import { relative, resolve, isAbsolute, sep } from 'node:path';

export function insideRoot(root: string, path: string): boolean {
  if (!isAbsolute(root) || !isAbsolute(path)) return false;
  const rel = relative(resolve(root), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.includes(`..${sep}`);
}

/** mkdir -p with mode 0777 (as local-path-provisioner), so a container running as any user can write. */
export async function createVolumeDirectory(root: string, path: string): Promise<void> {
  if (!insideRoot(root, path)) throw new Error(`refusing to create ${path}: not inside ${root}`);
  await mkdir(path, { recursive: true });
  await chmod(path, 0o777); // mkdir's mode is masked by the umask
}

export async function removeVolumeDirectory(root: string, path: string): Promise<void> {
  if (!insideRoot(root, path)) throw new Error(`refusing to remove ${path}: not inside ${root}`);
  await rm(path, { recursive: true, force: true });
}
