/** Pure: the host directory behind a persistentVolumeClaim, once the claim is bound to a PV. */
export type ClaimPath = { ok: true; path: string; volumeName: string } | { ok: false; message: string };

export interface ClaimLike { metadata: { namespace?: string; uid?: string }; spec?: { volumeName?: string }; status?: { phase?: string } }
export interface VolumeLike { spec?: { hostPath?: { path: string }; local?: { path: string }; claimRef?: { name?: string; namespace?: string; uid?: string } } }

/**
 * `claim`/`volume` undefined = not found. The PV must be bound back to this claim (claimRef),
 * so a pod never mounts a volume the binder handed to someone else.
 */
export function resolveClaimPath(claimName: string, claim: ClaimLike | undefined, volume: VolumeLike | undefined): ClaimPath {
  if (!claim) return { ok: false, message: `persistentvolumeclaim "${claimName}" not found` };
  const volumeName = claim.spec?.volumeName;
  const phase = claim.status?.phase ?? 'Pending';
  if (phase !== 'Bound' || !volumeName) return { ok: false, message: `persistentvolumeclaim "${claimName}" is not bound (phase ${phase})` };
  if (!volume) return { ok: false, message: `persistentvolume "${volumeName}" bound to claim "${claimName}" not found` };
  const ref = volume.spec?.claimRef;
  if (ref && (ref.name !== claimName || (ref.namespace && ref.namespace !== claim.metadata.namespace) || (ref.uid && claim.metadata.uid && ref.uid !== claim.metadata.uid))) {
    return { ok: false, message: `persistentvolume "${volumeName}" is bound to another claim` };
  }
  const path = volume.spec?.hostPath?.path ?? volume.spec?.local?.path;
  if (!path) return { ok: false, message: `persistentvolume "${volumeName}" has no hostPath or local path this agent can mount` };
  return { ok: true, path, volumeName };
}
