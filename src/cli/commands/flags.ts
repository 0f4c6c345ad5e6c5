import type { Command } from 'commander';

export interface ConnectionFlags {
  kubeconfig?: string;
  namespace?: string;
}

/** --kubeconfig and -n, shared by every command that talks to the API. */
export function connectionOptions(command: Command): Command {
  return command
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.tug/kubeconfig.yaml)')
    .option('-n, --namespace <ns>', 'namespace (default: the kubeconfig context\'s, else default)');
}
