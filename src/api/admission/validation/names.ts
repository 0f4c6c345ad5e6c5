/**
 * Name and label syntax checks (apimachinery util/validation), returning the upstream
 * detail strings; callers wrap them into field causes.
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const CONFIG_KEY = '[-._a-zA-Z0-9]+';

const full = (re: string): RegExp => new RegExp(`^${re}$`);

export const MSG = {
  dns1123Label: `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS1123_LABEL}')`,
  dns1123Subdomain: `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN}')`,
  dns1035Label: `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035_LABEL}')`,
  qualifiedName: `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}')`,
  labelValue: `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE}')`,
  configKey: `a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '${CONFIG_KEY}')`,
};

const maxLen = (n: number): string => `must be no more than ${n} characters`;

export function dns1123Label(value: string): string[] {
  const errs = value.length > 63 ? [maxLen(63)] : [];
  return full(DNS1123_LABEL).test(value) ? errs : [...errs, MSG.dns1123Label];
}

export function dns1123Subdomain(value: string): string[] {
  const errs = value.length > 253 ? [maxLen(253)] : [];
  return full(DNS1123_SUBDOMAIN).test(value) ? errs : [...errs, MSG.dns1123Subdomain];
}

export function dns1035Label(value: string): string[] {
  const errs = value.length > 63 ? [maxLen(63)] : [];
  return full(DNS1035_LABEL).test(value) ? errs : [...errs, MSG.dns1035Label];
}

/** Label/annotation keys: optional DNS-subdomain prefix, then a 63-character name. */
export function qualifiedName(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) return [MSG.qualifiedName];
  const name = parts.length === 2 ? parts[1] : parts[0];
  const errs: string[] = [];
  if (parts.length === 2) {
    if (parts[0].length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...dns1123Subdomain(parts[0]).map((m) => `prefix part ${m}`));
  }
  if (name.length === 0) return [...errs, `name part must be non-empty`];
  if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (!full(QUALIFIED_NAME).test(name)) errs.push(MSG.qualifiedName);
  return errs;
}

export function labelValue(value: string): string[] {
  const errs = value.length > 63 ? [maxLen(63)] : [];
  return full(LABEL_VALUE).test(value) ? errs : [...errs, MSG.labelValue];
}

export function configKey(value: string): string[] {
  const errs = value.length > 253 ? [maxLen(253)] : [];
  if (!full(CONFIG_KEY).test(value)) errs.push(MSG.configKey);
  if (value === '.') errs.push(`must not be '.'`);
  else if (value === '..') errs.push(`must not be '..'`);
  else if (value.startsWith('..')) errs.push(`must not start with '..'`);
  return errs;
}

/** IANA service names, used for container and service port names. */
export function portName(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 15) errs.push(maxLen(15));
  if (!/^[-a-z0-9]+$/.test(value)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (value.includes('--')) errs.push('must not contain consecutive hyphens');
  if (!/[a-z]/.test(value)) errs.push('must contain at least one letter (a-z)');
  if (value.startsWith('-') || value.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}
