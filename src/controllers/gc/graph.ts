/**
 * The garbage collector's ownership graph: every watched object by uid, and for every
 * owner uid the uids of the objects that reference it (whether or not the owner itself
 * exists — that is how dangling references are found). Fed by informer events; no I/O.
 */
import type { KubeObject } from '../../api/types.js';
import type { ResourceType } from '../../client/index.js';

export interface GraphNode {
  uid: string;
  type: ResourceType;
  object: KubeObject;
}

export class OwnershipGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();

  /** Records the object's latest state; returns the owner uids whose dependents changed. */
  upsert(type: ResourceType, object: KubeObject): string[] {
    const uid = object.metadata.uid;
    if (!uid) return [];
    const before = this.ownerUids(this.nodes.get(uid)?.object);
    const after = this.ownerUids(object);
    for (const owner of before) if (!after.includes(owner)) this.unlink(owner, uid);
    for (const owner of after) {
      let set = this.dependents.get(owner);
      if (!set) this.dependents.set(owner, (set = new Set()));
      set.add(uid);
    }
    this.nodes.set(uid, { uid, type, object });
    return [...new Set([...before, ...after])];
  }

  /** Forgets the object; returns its owner uids. */
  remove(object: KubeObject): string[] {
    const uid = object.metadata.uid;
    if (!uid) return [];
    const owners = this.ownerUids(this.nodes.get(uid)?.object ?? object);
    for (const owner of owners) this.unlink(owner, uid);
    this.nodes.delete(uid);
    return owners;
  }

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  dependentsOf(uid: string): KubeObject[] {
    return [...(this.dependents.get(uid) ?? [])].map((d) => this.nodes.get(d)?.object).filter((o): o is KubeObject => o !== undefined);
  }

  private ownerUids(object: KubeObject | undefined): string[] {
    return (object?.metadata.ownerReferences ?? []).map((r) => r.uid);
  }

  private unlink(owner: string, dependent: string): void {
    const set = this.dependents.get(owner);
    set?.delete(dependent);
    if (set?.size === 0) this.dependents.delete(owner);
  }
}
