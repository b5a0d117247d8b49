import { useCallback, useEffect, useState } from 'react';
import { isApiError, orgApi, type OrgPasskeySettings } from '../api';
import { EnrollmentSettingsSection } from '../components/admin/EnrollmentSettingsSection';
import { AccountLayout } from '../components/Layout';
import { Alert, Loading, type Message } from '../components/Messages';
import { PasskeyPolicyForm } from '../components/PasskeyPolicyForm';
import { PilotGroupSection } from '../components/PilotGroupSection';
import { OrgSettingsNav } from '../components/admin/OrgSettingsNav';
import { adminSelfOf } from '../components/admin/useStepUp';
import { useAuthErrorHandler, useMe, useOrgInfo, useTitle } from '../hooks';

const NOT_ADMIN = 'Only administrators of this organisation can change its settings.';

function enrolledText(enrolled: number, members: number): string {
  return members === 1 ? `${enrolled} of 1 member has a passkey` : `${enrolled} of ${members} members have a passkey`;
}

/** `/o/:org/admin/settings/passkeys`: Org Settings > Passkeys, for the organisation's admins. */
export function OrgSettingsPasskeysPage({ org }: { org: string }) {
  useTitle('Org Settings › Passkeys');
  const { me, error: meError } = useMe(org);
  const { info } = useOrgInfo(org);
  const describeError = useAuthErrorHandler(org);
  const [settings, setSettings] = useState<OrgPasskeySettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  // One message at a time, shown by the part of the page it is about.
  const [message, setMessage] = useState<Message | null>(null);

  const load = useCallback(async () => {
    try {
      setSettings(await orgApi(org).get<OrgPasskeySettings>('/admin/settings/passkeys'));
      setError(null);
    } catch (err) {
      if (isApiError(err, 'FORBIDDEN')) setForbidden(true);
      else setError(describeError(err));
    }
  }, [org, describeError]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <AccountLayout org={org} orgName={info?.name} current="org-settings" role={me?.user.role}>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>Org Settings</li>
          <li aria-current="page">Passkeys</li>
        </ol>
      </nav>
      <h1>Passkeys</h1>
      <OrgSettingsNav org={org} current="passkeys" />
      <Alert message={meError} />
      {forbidden ? (
        <Alert message={NOT_ADMIN} />
      ) : !settings ? (
        error ? (
          <Alert message={error} />
        ) : (
          <Loading />
        )
      ) : (
        <>
          <p>
            Passkeys let members sign in with their device unlock method, such as Face ID, fingerprint, Windows Hello,
            passcode, or PIN. Fingerprints, face scans and PINs stay on members' devices:{' '}
            {info?.name ?? 'your organisation'} never receives them.
          </p>
          <p className="counts">
            <strong>{enrolledText(settings.enrolled, settings.members)}</strong>
          </p>
          {!settings.policy.passkeysAvailable && (
            <p className="hint">
              Passkeys are not available for this organisation yet. Your Latchkey platform operator can make them
              available.
            </p>
          )}
          <PasskeyPolicyForm
            // Starts afresh when the operator's switch changes what is possible.
            key={String(settings.policy.passkeysAvailable)}
            org={org}
            admin={adminSelfOf(me)}
            policy={settings.policy}
            message={message}
            report={setMessage}
            describeError={describeError}
            onSaved={(policy) => setSettings((s) => (s ? { ...s, policy } : s))}
          />
          <PilotGroupSection
            org={org}
            members={settings.pilotMembers}
            message={message}
            report={setMessage}
            describeError={describeError}
            onChange={(pilotMembers) => setSettings((s) => (s ? { ...s, pilotMembers } : s))}
          />
          <EnrollmentSettingsSection org={org} message={message} report={setMessage} describeError={describeError} />
        </>
      )}
    </AccountLayout>
  );
}
