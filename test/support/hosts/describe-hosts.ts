/**
 * The frame every multi-host suite shares: run `register` (its describe blocks) when this
 * machine can create network namespaces, or when they are required here (CI as root,
 * TUG_REQUIRE_NETNS=1: the suite then fails and says why); otherwise one skipped test under
 * `skippedName` carrying the reason.
 */
import { describe, it } from 'node:test';
import { hostNetworkRequired, type HostNetworkSupport } from './support.js';

export function describeWithHostNetwork(support: HostNetworkSupport, skippedName: string, register: () => void): void {
  if (support.supported || hostNetworkRequired()) return register();
  void describe(skippedName, () => {
    void it('needs root and `ip netns` (set TUG_REQUIRE_NETNS=1 to make this a failure)', { skip: support.reason }, () => {});
  });
}
