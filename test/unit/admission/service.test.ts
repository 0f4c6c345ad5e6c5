import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accepted, assertCause, clone, MY_SERVICE, rejected } from './support.js';

function svc(spec: Record<string, unknown>, name = 'web'): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

void describe('Service admission', () => {
  void it('admits the documentation Service with defaults', () => {
    assert.deepEqual(accepted('Service', MY_SERVICE), {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'my-service' },
      spec: {
        selector: { 'app.kubernetes.io/name': 'MyApp' },
        ports: [{ protocol: 'TCP', port: 80, targetPort: 9376 }],
        type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster',
        ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
      },
    });
  });

  void it('defaults targetPort to port and protocol to TCP', () => {
    const s = accepted('Service', svc({ ports: [{ port: 8080 }] }));
    assert.deepEqual(s.spec.ports, [{ port: 8080, protocol: 'TCP', targetPort: 8080 }]);
  });

  void it('defaults externalTrafficPolicy for NodePort services', () => {
    const s = accepted('Service', svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    assert.equal(s.spec.externalTrafficPolicy, 'Cluster');
  });

  void it('allows a headless service without ports', () => {
    accepted('Service', svc({ clusterIP: 'None', selector: { app: 'db' } }));
  });

  const invalidCases: Array<[string, Record<string, unknown>, string, string, string?]> = [
    ['no ports', { selector: { app: 'x' } }, 'spec.ports', 'FieldValueRequired'],
    ['port 0', { ports: [{ port: 0 }] }, 'spec.ports[0].port', 'FieldValueInvalid', 'must be between 1 and 65535, inclusive'],
    ['unnamed ports when several', { ports: [{ port: 80 }, { name: 'b', port: 81 }] }, 'spec.ports[0].name', 'FieldValueRequired'],
    ['duplicate port names', { ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] }, 'spec.ports[1].name', 'FieldValueDuplicate'],
    ['duplicate port/protocol', { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }, 'spec.ports[1]', 'FieldValueDuplicate'],
    ['nodePort below range', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }, 'spec.ports[0].nodePort', 'FieldValueInvalid',
      'provided port is not in the valid range. The range of valid ports is 30000-32767'],
    ['nodePort on ClusterIP', { ports: [{ port: 80, nodePort: 30001 }] }, 'spec.ports[0].nodePort', 'FieldValueForbidden'],
    ['unknown type', { type: 'Magic', ports: [{ port: 80 }] }, 'spec.type', 'FieldValueNotSupported',
      'supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    ['bad selector value', { selector: { app: 'a b' }, ports: [{ port: 80 }] }, 'spec.selector', 'FieldValueInvalid'],
    ['ExternalName without externalName', { type: 'ExternalName' }, 'spec.externalName', 'FieldValueRequired'],
    ['bad named targetPort', { ports: [{ port: 80, targetPort: 'HTTP_PORT' }] }, 'spec.ports[0].targetPort', 'FieldValueInvalid'],
  ];
  for (const [name, spec, field, reason, message] of invalidCases) {
    void it(`rejects ${name} at ${field}`, () => assertCause(rejected('Service', svc(spec)), field, reason, message));
  }

  void it('requires a DNS-1035 name (no leading digit)', () => {
    assertCause(rejected('Service', svc({ ports: [{ port: 80 }] }, '1web')), 'metadata.name', 'FieldValueInvalid', 'a DNS-1035 label');
  });

  void describe('updates', () => {
    const stored = { ...accepted('Service', svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })) };
    stored.spec.clusterIP = '10.96.0.10';
    stored.spec.clusterIPs = ['10.96.0.10'];

    void it('forbids changing clusterIP once set', () => {
      const next = clone(stored);
      next.spec.clusterIP = '10.96.0.11';
      assertCause(rejected('Service', next, { old: stored }), 'spec.clusterIP', 'FieldValueInvalid', 'field is immutable');
    });

    void it('keeps the allocated clusterIP and nodePort when a replace leaves them out', () => {
      const next = svc({ type: 'NodePort', ports: [{ port: 80 }] });
      const s = accepted('Service', next, { old: stored });
      assert.equal(s.spec.clusterIP, '10.96.0.10');
      assert.equal(s.spec.ports[0].nodePort, 30080);
    });
  });
});
