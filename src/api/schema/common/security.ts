/** Container and pod security contexts. */
import { z } from 'zod';
import { Int } from './primitives.js';

export const SELinuxOptions = z.strictObject({
  user: z.string().optional(), role: z.string().optional(), type: z.string().optional(), level: z.string().optional(),
});

export const SeccompProfile = z.strictObject({ type: z.string(), localhostProfile: z.string().optional() });
export const AppArmorProfile = z.strictObject({ type: z.string(), localhostProfile: z.string().optional() });

export const Capabilities = z.strictObject({
  add: z.array(z.string()).optional(),
  drop: z.array(z.string()).optional(),
});

const WindowsOptions = z.strictObject({
  gmsaCredentialSpecName: z.string().optional(),
  gmsaCredentialSpec: z.string().optional(),
  runAsUserName: z.string().optional(),
  hostProcess: z.boolean().optional(),
});

const common = {
  runAsUser: Int.optional(),
  runAsGroup: Int.optional(),
  runAsNonRoot: z.boolean().optional(),
  seLinuxOptions: SELinuxOptions.optional(),
  seccompProfile: SeccompProfile.optional(),
  appArmorProfile: AppArmorProfile.optional(),
  windowsOptions: WindowsOptions.optional(),
};

export const SecurityContext = z.strictObject({
  ...common,
  capabilities: Capabilities.optional(),
  privileged: z.boolean().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  procMount: z.string().optional(),
});
export type SecurityContext = z.infer<typeof SecurityContext>;

export const PodSecurityContext = z.strictObject({
  ...common,
  supplementalGroups: z.array(Int).optional(),
  supplementalGroupsPolicy: z.string().optional(),
  fsGroup: Int.optional(),
  fsGroupChangePolicy: z.string().optional(),
  sysctls: z.array(z.strictObject({ name: z.string(), value: z.string() })).optional(),
  seLinuxChangePolicy: z.string().optional(),
});
export type PodSecurityContext = z.infer<typeof PodSecurityContext>;
