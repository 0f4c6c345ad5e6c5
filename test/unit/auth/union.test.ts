import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mastersAuthorizer, unionAuthorizer } from '../../../src/auth/index.js';
import type { Authorizer } from '../../../src/apiserver/types.js';
import { resourceRequest } from './builders.js';

const deny = (reason: string): Authorizer => ({ authorize: () => ({ allowed: false, reason }) });
const allow: Authorizer = { authorize: async () => ({ allowed: true }) };
const alice = { user: 'alice', groups: ['system:authenticated'] };

void describe('authorizer union', () => {
  void it('lets system:masters do anything, and nobody else', async () => {
    assert.deepEqual(await mastersAuthorizer.authorize(resourceRequest({ user: 'admin', groups: ['system:masters'] }, 'delete', 'nodes')), { allowed: true });
    assert.equal((await mastersAuthorizer.authorize(resourceRequest(alice, 'get', 'pods'))).allowed, false);
  });

  void it('allows when any authorizer allows', async () => {
    assert.deepEqual(await unionAuthorizer([deny('a'), allow, deny('c')]).authorize(resourceRequest(alice, 'get', 'pods')), { allowed: true });
  });

  void it('stops at the first allow', async () => {
    let asked = false;
    const spy: Authorizer = { authorize: () => { asked = true; return { allowed: false, reason: '' }; } };
    await unionAuthorizer([allow, spy]).authorize(resourceRequest(alice, 'get', 'pods'));
    assert.equal(asked, false);
  });

  void it('denies with the last reason when all deny', async () => {
    assert.deepEqual(await unionAuthorizer([deny('first'), deny('last')]).authorize(resourceRequest(alice, 'get', 'pods')), { allowed: false, reason: 'last' });
  });

  void it('composes masters, a no-opinion authorizer and RBAC-like last word', async () => {
    const union = unionAuthorizer([mastersAuthorizer, deny(''), deny('RBAC: no rules yet')]);
    assert.deepEqual(await union.authorize(resourceRequest(alice, 'get', 'pods')), { allowed: false, reason: 'RBAC: no rules yet' });
    assert.deepEqual(await union.authorize(resourceRequest({ user: 'admin', groups: ['system:masters'] }, 'get', 'pods')), { allowed: true });
  });

  void it('passes on the rule listing of the one authorizer that has it (kubectl auth can-i --list)', async () => {
    const rules = { rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], errors: [] };
    const rbacLike: Authorizer = { authorize: () => ({ allowed: false, reason: '' }), rulesFor: async () => rules };
    assert.deepEqual(await unionAuthorizer([mastersAuthorizer, deny(''), rbacLike]).rulesFor?.(alice, 'team'), rules);
    assert.equal(unionAuthorizer([mastersAuthorizer, deny('')]).rulesFor, undefined);
  });
});
