import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { heartbeatPeriodForGrace, parseHeartbeatPeriod } from '../../../src/api/heartbeat-settings.js';
import { createFakeClient } from '../../../src/client/index.js';
import { publishHeartbeatPeriod } from '../../../src/controllers/nodelifecycle/heartbeat-period.js';
import { resourceByKind } from '../../../src/api/resources.js';

const CONFIGMAPS = resourceByKind('v1', 'ConfigMap')!;

describe('server-chosen heartbeat period', () => {
  it('is a quarter of the grace, within bounds', () => {
    assert.equal(heartbeatPeriodForGrace(4000), 1000);
    assert.equal(heartbeatPeriodForGrace(100), 200);
    assert.equal(heartbeatPeriodForGrace(1_000_000), 60_000);
  });

  it('ignores missing or out-of-bounds published values', () => {
    assert.equal(parseHeartbeatPeriod({ periodMs: '750' }), 750);
    assert.equal(parseHeartbeatPeriod({ periodMs: '5' }), undefined);
    assert.equal(parseHeartbeatPeriod({ periodMs: 'soon' }), undefined);
    assert.equal(parseHeartbeatPeriod(undefined), undefined);
  });

  it('is published as a ConfigMap, created then updated', async () => {
    const fake = createFakeClient([]);
    assert.equal(await publishHeartbeatPeriod(fake, 4000), 1000);
    assert.equal((fake.peek(CONFIGMAPS, 'kube-node-lease', 'tugboat-heartbeat') as { data?: Record<string, string> } | undefined)?.data?.periodMs, '1000');
    await publishHeartbeatPeriod(fake, 8000);
    assert.equal((fake.peek(CONFIGMAPS, 'kube-node-lease', 'tugboat-heartbeat') as { data?: Record<string, string> } | undefined)?.data?.periodMs, '2000');
  });
});
