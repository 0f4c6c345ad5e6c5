/** GET /version: minor "32" makes the gcloud kubectl dispatcher run kubectl 1.32 (kubernetes-api.md §0, §2). */

/** gitVersion must parse as semver or kubectl exits with "illegal version string". */
export const SERVER_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0-tugboat' } as const;

export function versionInfo(): Record<string, string> {
  return {
    major: SERVER_VERSION.major, minor: SERVER_VERSION.minor, gitVersion: SERVER_VERSION.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.4', compiler: 'gc', platform: 'linux/amd64',
  };
}
