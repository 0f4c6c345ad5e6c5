/**
 * The in-memory view of every Role, ClusterRole, RoleBinding and ClusterRoleBinding, kept by
 * store key so a delete is a key removal. Answers Kubernetes' VisitRulesFor: the rules that
 * apply to a user in a namespace (cluster bindings first, then the namespace's bindings),
 * with an error per binding whose role is missing. No I/O.
 */
import type { PolicyRule, RoleBinding, RoleRef } from '../../api/schema/rbac.js';
import type { KubeObject } from '../../api/types.js';
import type { AuthorizationDecision, RequestAttributes, UserInfo } from '../../apiserver/types.js';
import { anySubjectMatches, ruleAllows } from './evaluate.js';
import { labelSelectorMatcher } from '../../api/selectors/index.js';

type Kind = 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding';
const KINDS: ReadonlySet<string> = new Set<Kind>(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** Stop visiting when the visitor returns false. */
export type RuleVisitor = (rule: PolicyRule | undefined, error: string | undefined) => boolean;

interface Binding {
  namespace?: string;
  subjects: RoleBinding['subjects'];
  roleRef: RoleRef;
}

const keyOf = (namespace: string | undefined, name: string): string => (namespace ? `${namespace}/${name}` : name);

export class PolicyIndex {
  private readonly byKey = new Map<string, KubeObject>();
  private readonly roles = new Map<string, KubeObject>();
  private readonly clusterRoles = new Map<string, KubeObject>();
  private readonly clusterBindings = new Map<string, Binding>();
  /** namespace → name → binding */
  private readonly roleBindings = new Map<string, Map<string, Binding>>();

  /** Number of objects held (for tests and logs). */
  get size(): number {
    return this.byKey.size;
  }

  clear(): void {
    for (const key of [...this.byKey.keys()]) this.remove(key);
  }

  /** Add or replace the object stored at `key`; objects of other kinds are ignored. */
  put(key: string, object: KubeObject): void {
    if (!KINDS.has(object.kind)) return;
    this.remove(key);
    this.byKey.set(key, object);
    const { name = '', namespace } = object.metadata;
    switch (object.kind as Kind) {
      case 'Role': this.roles.set(keyOf(namespace, name), object); break;
      case 'ClusterRole': this.clusterRoles.set(name, object); break;
      case 'ClusterRoleBinding': this.clusterBindings.set(name, bindingOf(object)); break;
      case 'RoleBinding': {
        const ns = namespace ?? '';
        if (!this.roleBindings.has(ns)) this.roleBindings.set(ns, new Map());
        this.roleBindings.get(ns)!.set(name, bindingOf(object));
        break;
      }
    }
  }

  remove(key: string): void {
    const object = this.byKey.get(key);
    if (!object) return;
    this.byKey.delete(key);
    const { name = '', namespace } = object.metadata;
    switch (object.kind as Kind) {
      case 'Role': this.roles.delete(keyOf(namespace, name)); break;
      case 'ClusterRole': this.clusterRoles.delete(name); break;
      case 'ClusterRoleBinding': this.clusterBindings.delete(name); break;
      case 'RoleBinding': this.roleBindings.get(namespace ?? '')?.delete(name); break;
    }
  }

  /** Visits the rules granted to `user` in `namespace` ('' = cluster scope only). */
  visitRulesFor(user: UserInfo, namespace: string, visit: RuleVisitor): void {
    for (const binding of this.clusterBindings.values()) {
      if (!anySubjectMatches(binding.subjects, user)) continue;
      if (!this.visitRole(binding, visit)) return;
    }
    if (!namespace) return;
    for (const binding of this.roleBindings.get(namespace)?.values() ?? []) {
      if (!anySubjectMatches(binding.subjects, user, namespace)) continue;
      if (!this.visitRole(binding, visit)) return;
    }
  }

  /** Kubernetes' RBACAuthorizer.Authorize: allowed on the first covering rule; else a reason from missing roles. */
  authorize(a: RequestAttributes): AuthorizationDecision {
    let allowed = false;
    const errors: string[] = [];
    this.visitRulesFor(a.user, a.namespace ?? '', (rule, error) => {
      if (error) errors.push(error);
      if (rule && ruleAllows(rule, a)) allowed = true;
      return !allowed;
    });
    if (allowed) return { allowed: true };
    return { allowed: false, reason: errors.length === 0 ? '' : `RBAC: ${aggregate(errors)}` };
  }

  /** Every rule for a user in a namespace, and the errors met (SelfSubjectRulesReview). */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.visitRulesFor(user, namespace, (rule, error) => {
      if (rule) rules.push(rule);
      if (error) errors.push(error);
      return true;
    });
    return { rules, errors };
  }

  private visitRole(binding: Binding, visit: RuleVisitor): boolean {
    const { kind, name = '' } = binding.roleRef;
    if (kind === 'Role') {
      const role = binding.namespace ? this.roles.get(keyOf(binding.namespace, name)) : undefined;
      if (!role) return visit(undefined, `role.rbac.authorization.k8s.io "${name}" not found`);
      return visitAll(rulesOf(role), visit);
    }
    const role = this.clusterRoles.get(name);
    if (!role) return visit(undefined, `clusterrole.rbac.authorization.k8s.io "${name}" not found`);
    return visitAll(this.clusterRoleRules(role), visit);
  }

  /**
   * A ClusterRole's own rules plus, for an aggregated role, the rules of every ClusterRole its
   * selectors match (what upstream's aggregation controller would have written into it).
   */
  private clusterRoleRules(role: KubeObject): PolicyRule[] {
    const selectors = (role.aggregationRule as { clusterRoleSelectors?: unknown[] } | undefined)?.clusterRoleSelectors;
    if (!selectors?.length) return rulesOf(role);
    const matchers = selectors.map((s) => labelSelectorMatcher(s as Parameters<typeof labelSelectorMatcher>[0]));
    const rules = [...rulesOf(role)];
    for (const other of this.clusterRoles.values()) {
      if (other === role || other.aggregationRule) continue;
      if (matchers.some((m) => m(other.metadata.labels))) rules.push(...rulesOf(other));
    }
    return rules;
  }
}

function visitAll(rules: readonly PolicyRule[], visit: RuleVisitor): boolean {
  for (const rule of rules) if (!visit(rule, undefined)) return false;
  return true;
}

function rulesOf(role: KubeObject): PolicyRule[] {
  return Array.isArray(role.rules) ? (role.rules as PolicyRule[]) : [];
}

function bindingOf(object: KubeObject): Binding {
  return {
    namespace: object.metadata.namespace,
    subjects: Array.isArray(object.subjects) ? (object.subjects as Binding['subjects']) : [],
    roleRef: (object.roleRef ?? {}) as RoleRef,
  };
}

/** utilerrors.NewAggregate's text: one error as is, several in brackets. */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}
