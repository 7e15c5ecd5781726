// Checks on what an operator types, each failing with one plain sentence.
import { Limits } from '@courtyard/protocol';
import { MIN_PASSWORD_LENGTH } from '../auth/password.js';
import { originProblem } from '../sites/origins.js';

export class UsageError extends Error {}

const fail = (message: string): never => {
  throw new UsageError(message);
};

export function slug(value: string | undefined, flag = '--slug'): string {
  if (!value) return fail(`${flag} is required`);
  if (value.length > Limits.slug || !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(value)) {
    fail(`${flag} "${value}" must be lower-case letters, digits and inner hyphens (at most ${Limits.slug})`);
  }
  return value;
}

export function siteKey(value: string | undefined): string {
  if (!value) return fail('--key is required');
  if (value.length > Limits.siteKey || !/^[A-Za-z0-9_-]+$/.test(value)) {
    fail(`--key "${value}" must be letters, digits, "-" or "_" (at most ${Limits.siteKey})`);
  }
  return value;
}

/** An exact origin: scheme, host and port only, as a browser sends it in `Origin`. */
export function origin(value: string): string {
  const problem = originProblem(value);
  if (problem) fail(`--origin "${value}": ${problem}`);
  return value;
}

export function email(value: string | undefined): string {
  if (!value) return fail('--email is required');
  const trimmed = value.trim();
  if (trimmed.length > Limits.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed))
    fail(`--email "${value}" is not an email address`);
  return trimmed.toLowerCase();
}

export function name(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const normalized = value.normalize('NFC').trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (!normalized || normalized.length > Limits.shortText || /[\u0000-\u001F\u007F-\u009F]/.test(normalized)) {
    fail(`${flag} must be 1 to ${Limits.shortText} characters of text`);
  }
  return normalized;
}

export function timeZone(value: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    fail(`--time-zone "${value}" is not an IANA time zone (e.g. Asia/Shanghai)`);
  }
  return value;
}

export function language(value: string): 'zh-CN' | 'en' {
  if (value !== 'zh-CN' && value !== 'en') fail(`--language must be zh-CN or en, got "${value}"`);
  return value as 'zh-CN' | 'en';
}

export function role(value: string): 'admin' | 'staff' {
  if (value !== 'admin' && value !== 'staff') fail(`--role must be admin or staff, got "${value}"`);
  return value as 'admin' | 'staff';
}

export function password(value: string): string {
  if (value.length < MIN_PASSWORD_LENGTH || value.length > Limits.password) {
    fail(`the password must be ${MIN_PASSWORD_LENGTH} to ${Limits.password} characters`);
  }
  return value;
}
