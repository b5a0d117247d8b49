import { useTranslation } from 'react-i18next';
import type { Reporting } from '../shared/Messages';
import type { AdminUserDetail } from './adminApi';
import { useReverify, type Verifier } from '../sign-in/useReverify';

/** The signed-in admin, for "Confirm it's you". */
export type AdminSelf = Verifier;

/**
 * A settings section an admin changes after "Confirm it's you": the organisation, the admin, and the page's message
 * ("Settings saved…", or what went wrong) with how to set it.
 */
export type AdminSettingsProps = Reporting & {
  org: string;
  /** The signed-in admin, to "Confirm it's you" before the change. */
  admin: AdminSelf | null;
};

/** What each section of an admin's user page is given. */
export interface UserSectionProps {
  org: string;
  admin: AdminSelf | null;
  detail: AdminUserDetail;
  /** Something changed on the server (an email queued, a code issued, the account edited): reload the user. */
  onChanged: () => void;
  describeError: (err: unknown) => string | null;
}

/**
 * Handing out a way into someone's account (a code, an enrollment email, a recovery) and destructive
 * changes (deleting a passkey or a template, signing someone out, changing the policy) need the admin
 * to have proved it is them in the last few minutes. When the server asks (REVERIFY_REQUIRED), show
 * "Confirm it's you", then run the action again.
 */
export function useStepUp(org: string, admin: AdminSelf | null, purpose?: string) {
  const { t } = useTranslation('users');
  const { needsConfirmation, panel, open, dismiss } = useReverify(org, admin, purpose ?? t('stepUpDefault'));
  return { needsConfirmation, panel, open, dismiss };
}
