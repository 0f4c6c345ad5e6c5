/** ensureImage for Docker: pull policy semantics as the kubelet applies them. */
import type Docker from 'dockerode';
import type { ContainerSpec, RuntimeResult } from '../runtime.js';
import { fail, isValidImageReference, ok } from '../results.js';
import { daemonMessage, isUnavailable, withTimeout } from './docker-client.js';

/** `busybox` → `busybox:latest` (a tagless pull would fetch every tag). */
export function withDefaultTag(image: string): string {
  const lastSlash = image.lastIndexOf('/');
  const name = image.slice(lastSlash + 1);
  return name.includes(':') || name.includes('@') ? image : `${image}:latest`;
}

export interface ImageClients {
  api: Docker;
  streams: Docker;
  pullTimeoutMs: number;
}

export async function ensureDockerImage(
  clients: ImageClients, image: string, policy: ContainerSpec['imagePullPolicy'],
): Promise<RuntimeResult<{ imageId: string }>> {
  if (!isValidImageReference(image)) {
    return fail('InvalidImageName', `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`);
  }
  const local = await inspectImage(clients.api, image);
  if (!local.ok && local.reason === 'RuntimeUnavailable') return local;
  if (local.ok && policy !== 'Always') return local;
  if (policy === 'Never') {
    return fail('ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`);
  }
  const pulled = await pull(clients, withDefaultTag(image));
  if (!pulled.ok) return pulled;
  return inspectImage(clients.api, image);
}

async function inspectImage(api: Docker, image: string): Promise<RuntimeResult<{ imageId: string }>> {
  try {
    const info = await api.getImage(image).inspect();
    return ok({ imageId: info.Id });
  } catch (error) {
    if (isUnavailable(error)) return fail('RuntimeUnavailable', `docker daemon unreachable: ${daemonMessage(error)}`);
    return fail('NotFound', daemonMessage(error));
  }
}

async function pull(clients: ImageClients, image: string): Promise<RuntimeResult<void>> {
  const controller = new AbortController();
  try {
    const work = (async () => {
      const stream = (await clients.streams.pull(image, { abortSignal: controller.signal })) as NodeJS.ReadableStream;
      // Errors after the 200 arrive as `{"error": …}` progress events; followProgress reports them.
      await new Promise<void>((resolve, reject) => {
        clients.streams.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()));
      });
    })();
    await withTimeout(work, clients.pullTimeoutMs, `pulling ${image}`);
    return ok(undefined);
  } catch (error) {
    controller.abort();
    return fail('ErrImagePull', `failed to pull image "${image}": ${daemonMessage(error)}`);
  }
}
