import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeResponse } from '../shared/api';
import { PLATFORM_ORG } from '../shared/router';

/**
 * In `platform`, whose members are the operators, the settings that decide how operators sign in and get back in
 * (passkey policy, pilot group, enrollment settings, mobile apps, email templates, apps) are an operator's to change:
 * the server answers its admins FORBIDDEN (src/policy/policy-authority.ts). Read-only until /me says who this is.
 */
export function onlyOperatorsChange(org: string, me: MeResponse | null): boolean {
  return org === PLATFORM_ORG && me?.user.role !== 'operator';
}

/** Says why the page offers no change, where its buttons would be. */
export function OperatorsOnlyNote() {
  const { t } = useTranslation('admin');
  return <p className="hint">{t('operatorsOnly')}</p>;
}

/** The forms as they are, or, for an admin of `platform`, under that sentence with every control disabled. */
export function ReadOnlyUnlessOperator({ readOnly, children }: { readOnly: boolean; children: ReactNode }) {
  if (!readOnly) return children;
  return (
    <>
      <OperatorsOnlyNote />
      <fieldset className="plain" disabled>
        {children}
      </fieldset>
    </>
  );
}
