/**
 * A child process for the crash-cleanup tests: creates a network of `argv[2]` hosts (default
 * 2), starts a long `sleep` in each host, prints `{"namespaces":[…]}` on one line and then
 * waits to be killed. The tests SIGTERM or SIGKILL it and check nothing is left behind.
 */
import { createHostNetwork } from './network.js';

const network = await createHostNetwork({ hosts: Number(process.argv[2] ?? 2) });
for (const host of network.hosts) host.exec('sleep', ['600'], { stdio: 'ignore' });
console.log(JSON.stringify({ namespaces: network.namespaces() }));
setInterval(() => {}, 60_000);
