import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, orgApi, type OrgPasskeySettings } from '../shared/api';
import { EnrollmentSettingsSection } from '../enrollment/EnrollmentSettingsSection';
import { AccountLayout } from '../shared/Layout';
import { Alert, Loaded, type Message, type Reporting } from '../shared/Messages';
import { PasskeyPolicyForm } from './PasskeyPolicyForm';
import { PilotGroupSection } from './PilotGroupSection';
import { OrganisationLanguageSection } from './OrganisationLanguageSection';
import { OrgSettingsNav } from './OrgSettingsNav';
import { adminSelfOf } from '../admin/useStepUp';
import { useAuthErrorHandler, useMe, useOrgInfo, useTitle } from '../shared/hooks';

/** `/o/:org/admin/settings/passkeys`: Org Settings > Passkeys, for the organisation's admins. */
export function OrgSettingsPasskeysPage({ org }: { org: string }) {
  const { t } = useTranslation(['policy', 'admin']);
  // Not "Passkeys": that is the member's own page (Settings › Passkeys).
  useTitle(t('pageTitle'));
  const { me, error: meError } = useMe(org);
  const { info } = useOrgInfo(org);
  const describeError = useAuthErrorHandler(org);
  const [settings, setSettings] = useState<OrgPasskeySettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  // One message at a time, shown by the part of the page it is about.
  const [message, setMessage] = useState<Message | null>(null);
  const reporting: Reporting = { message, report: setMessage, describeError };

  const load = useCallback(async () => {
    try {
      setSettings(await orgApi(org).get('/admin/settings/passkeys'));
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
      <nav aria-label={t('admin:breadcrumb')} className="breadcrumb">
        <ol>
          <li>{t('admin:navOrgSettings')}</li>
          <li aria-current="page">{t('breadcrumbHere')}</li>
        </ol>
      </nav>
      <h1>{t('heading')}</h1>
      <OrgSettingsNav org={org} current="passkeys" />
      <Alert message={meError} />
      <Loaded forbidden={forbidden} forbiddenText={t('admin:notAdminSettings')} error={error} data={settings}>
        {(settings) => (
          <>
            <p>{info ? t('intro', { organisation: info.name }) : t('introNoName')}</p>
            <p className="counts">
              <strong>{t('enrolledCount', { enrolled: settings.enrolled, count: settings.members })}</strong>
            </p>
            {!settings.policy.passkeysAvailable && <p className="hint">{t('notAvailable')}</p>}
            <PasskeyPolicyForm
              // Starts afresh when the operator's switch changes what is possible.
              key={String(settings.policy.passkeysAvailable)}
              org={org}
              admin={adminSelfOf(me)}
              policy={settings.policy}
              {...reporting}
              onSaved={(policy) => setSettings((s) => (s ? { ...s, policy } : s))}
            />
            <PilotGroupSection
              org={org}
              members={settings.pilotMembers}
              {...reporting}
              onChange={(pilotMembers) => setSettings((s) => (s ? { ...s, pilotMembers } : s))}
            />
            <EnrollmentSettingsSection org={org} {...reporting} />
            <OrganisationLanguageSection org={org} {...reporting} />
          </>
        )}
      </Loaded>
    </AccountLayout>
  );
}
