import i18next from 'i18next';
import type { Passkey } from './api';
import { currentLocale } from '../i18n';

/** Dates and times in the page's language and the browser's variant of it ("2 Dec 2026, 09:00" in en-GB). */
export function formatDate(ms: number): string {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

const METHODS: Record<string, () => string> = {
  passkey: () => i18next.t('common:methodPasskey'),
  password: () => i18next.t('common:methodPassword'),
  'setup-link': () => i18next.t('common:methodSetupLink'),
  'device-link': () => i18next.t('common:methodDeviceLink'),
  'enrollment-code': () => i18next.t('common:methodEnrollmentCode'),
};

/** How a session was signed in, in words. */
export function methodLabel(method: string): string {
  return METHODS[method]?.() ?? method;
}

/** The method as an ICU select keyword ("setup-link" → "setupLink"): `common:signedInWith` chooses its words. */
export function methodKeyword(method: string): string {
  return method.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

const ROLES: Record<string, () => string> = {
  member: () => i18next.t('common:roleMember'),
  editor: () => i18next.t('common:roleEditor'),
  admin: () => i18next.t('common:roleAdmin'),
  operator: () => i18next.t('common:roleOperator'),
};

export function roleLabel(role: string): string {
  return ROLES[role]?.() ?? role;
}

/** "Last used Dec 1, 2026, 9:00 AM (Chrome on macOS)" or "Never used". */
export function passkeyLastUsed(passkey: Passkey): string {
  if (passkey.lastUsedAt === null) return i18next.t('common:neverUsed');
  const date = formatDate(passkey.lastUsedAt);
  const where = passkey.lastUsedUserAgentLabel;
  return where ? i18next.t('common:lastUsedWhere', { date, where }) : i18next.t('common:lastUsed', { date });
}
