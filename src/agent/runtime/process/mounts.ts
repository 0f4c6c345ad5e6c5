/**
 * Mounts for host processes. A process cannot get a private mount namespace without
 * privileges, so the process runtime *links* each mount instead: `<root>/<containerPath>`
 * becomes a symlink to the mount's hostPath, where <root> is the container's own scratch
 * directory, passed to the process (and to exec) as env TUG_ROOT. An app reads
 * `$TUG_ROOT/etc/config/app.properties` where a container would read
 * `/etc/config/app.properties`; with no workingDir the process starts in <root>, so
 * relative paths (`etc/config/app.properties`) work too. readOnly is not enforced.
 */
import { mkdir, rm, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Mount } from '../runtime.js';

export const MOUNT_ROOT_ENV = 'TUG_ROOT';

export async function linkMounts(root: string, mounts: Mount[]): Promise<void> {
  for (const m of mounts) {
    const link = join(root, m.containerPath);
    const inside = relative(root, link);
    if (inside === '' || inside.startsWith('..')) continue; // containerPath "/" or with ".." cannot be linked inside root
    await mkdir(dirname(link), { recursive: true });
    await rm(link, { force: true });
    await symlink(m.hostPath, link);
  }
}
