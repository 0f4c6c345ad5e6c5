/**
 * Pure: a listener plan → an nftables script that replaces our table in one transaction
 * (`add table; delete table; table { ... }` is nft's atomic-replace idiom), so the kernel never
 * sees a half-applied service set. Each listener becomes one DNAT rule; several endpoints are
 * spread with `numgen inc` (round-robin). A listener with no ready endpoint gets a reject rule,
 * so clients fail at once instead of hanging on an address nobody answers.
 */
import type { ListenerPlan, ListenerSpec } from '../plan.js';

export function renderNftRuleset(plan: ListenerPlan, tableName: string): string {
  const listeners = [...plan.listeners.values()].sort((a, b) => a.key.localeCompare(b.key));
  const dnat = listeners.filter((l) => l.readyEndpoints.length > 0).map(dnatRule);
  const reject = listeners.filter((l) => l.readyEndpoints.length === 0).map(rejectRule);
  return [
    `add table ip ${tableName}`,
    `delete table ip ${tableName}`,
    `table ip ${tableName} {`,
    '  chain services {',
    ...dnat.map((r) => `    ${r}`),
    '  }',
    // Packets from other hosts (NodePorts) enter at prerouting; the host's own at output.
    '  chain nat_prerouting {',
    '    type nat hook prerouting priority -100; policy accept;',
    '    jump services',
    '  }',
    '  chain nat_output {',
    '    type nat hook output priority -100; policy accept;',
    '    jump services',
    '  }',
    '  chain no_endpoints {',
    ...reject.map((r) => `    ${r}`),
    '  }',
    '  chain filter_input {',
    '    type filter hook input priority 0; policy accept;',
    '    jump no_endpoints',
    '  }',
    '  chain filter_output {',
    '    type filter hook output priority 0; policy accept;',
    '    jump no_endpoints',
    '  }',
    '}',
    '',
  ].join('\n');
}

function match(l: ListenerSpec): string {
  return `ip daddr ${l.address} ${l.protocol.toLowerCase()} dport ${l.port}`;
}

function dnatRule(l: ListenerSpec): string {
  const targets = l.readyEndpoints.map((e) => `${e.ip} . ${e.port}`);
  if (targets.length === 1) {
    const only = l.readyEndpoints[0];
    return `${match(l)} dnat to ${only.ip}:${only.port}`;
  }
  const map = targets.map((t, i) => `${i} : ${t}`).join(', ');
  return `${match(l)} dnat to numgen inc mod ${targets.length} map { ${map} }`;
}

function rejectRule(l: ListenerSpec): string {
  return `${match(l)} ${l.protocol === 'TCP' ? 'reject with tcp reset' : 'reject'}`;
}

export function renderNftDelete(tableName: string): string {
  return `add table ip ${tableName}\ndelete table ip ${tableName}\n`;
}
