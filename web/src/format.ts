import type { Passkey } from './api';

/** Dates as the person's browser writes them. */
export function formatDate(ms: number): string {
  return new Date(ms).toLocaleString();
}

const METHODS: Record<string, string> = {
  passkey: 'Passkey',
  password: 'Password',
  'setup-link': 'Setup link',
  'device-link': 'Code from another device',
  'enrollment-code': 'Enrollment code',
};

/** How a session was signed in, in words. */
export function methodLabel(method: string): string {
  return METHODS[method] ?? method;
}

/** "1 passkey", "3 passkeys". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

const ROLES: Record<string, string> = { member: 'Member', editor: 'Editor', admin: 'Admin', operator: 'Operator' };

export function roleLabel(role: string): string {
  return ROLES[role] ?? role;
}

/** "Last used 1/12/2026, 09:00 (Chrome on macOS)" or "Never used". */
export function passkeyLastUsed(passkey: Passkey): string {
  if (passkey.lastUsedAt === null) return 'Never used';
  const where = passkey.lastUsedUserAgentLabel ? ` (${passkey.lastUsedUserAgentLabel})` : '';
  return `Last used ${formatDate(passkey.lastUsedAt)}${where}`;
}
