/** Defaults for rbac.authorization.k8s.io/v1 bindings (SetDefaults_RoleBinding, _Subject). */
import { RBAC_GROUP, type RoleBinding } from '../rbac.js';

/** roleRef.apiGroup and User/Group subjects default to the RBAC group; ServiceAccounts stay in core (''). */
export function defaultRoleBinding(binding: RoleBinding): void {
  if (binding.roleRef && !binding.roleRef.apiGroup) binding.roleRef.apiGroup = RBAC_GROUP;
  for (const subject of binding.subjects ?? []) {
    if (subject.apiGroup) continue;
    if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup = RBAC_GROUP;
    else if (subject.kind === 'ServiceAccount') subject.apiGroup = '';
  }
}
