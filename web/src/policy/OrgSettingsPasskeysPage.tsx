import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EnrollmentSettingsSection } from '../enrollment/EnrollmentSettingsSection';
import type { Message, Reporting } from '../shared/Messages';
import { PasskeyPolicyForm } from './PasskeyPolicyForm';
import { PilotGroupSection } from './PilotGroupSection';
import { OrganisationLanguageSection } from './OrganisationLanguageSection';
import { OrgSettingsFrame } from './OrgSettingsFrame';
import { verifierOf } from '../sign-in/useReverify';
import { useAdminPage } from '../admin/useAdminData';
import { onlyOperatorsChange, ReadOnlyUnlessOperator } from '../admin/OperatorsOnly';

/** `/o/:org/admin/settings/passkeys`: Org Settings > Passkeys, for the organisation's admins. */
export function OrgSettingsPasskeysPage({ org }: { org: string }) {
  const { t } = useTranslation(['policy', 'admin']);
  // Not "Passkeys": that is the member's own page (Settings › Passkeys).
  const page = useAdminPage(org, t('pageTitle'), '/admin/settings/passkeys');
  const { me, info, describeError, setData: setSettings } = page;
  // One message at a time, shown by the part of the page it is about.
  const [message, setMessage] = useState<Message | null>(null);
  const reporting: Reporting = { message, report: setMessage, describeError };

  return (
    <OrgSettingsFrame org={org} page={page} section="passkeys">
      {(settings) => (
        <>
          <p>{info ? t('intro', { organisation: info.name }) : t('introNoName')}</p>
          <p className="counts">
            <strong>{t('enrolledCount', { enrolled: settings.enrolled, count: settings.members })}</strong>
          </p>
          {!settings.policy.passkeysAvailable && <p className="hint">{t('notAvailable')}</p>}
          <ReadOnlyUnlessOperator readOnly={onlyOperatorsChange(org, me)}>
            <PasskeyPolicyForm
              // Starts afresh when the operator's switch changes what is possible.
              key={String(settings.policy.passkeysAvailable)}
              org={org}
              admin={verifierOf(me)}
              policy={settings.policy}
              {...reporting}
              onSaved={(policy) => setSettings((s) => (s ? { ...s, policy } : s))}
            />
            <PilotGroupSection
              org={org}
              admin={verifierOf(me)}
              members={settings.pilotMembers}
              {...reporting}
              onChange={(pilotMembers) => setSettings((s) => (s ? { ...s, pilotMembers } : s))}
            />
            <EnrollmentSettingsSection org={org} admin={verifierOf(me)} {...reporting} />
          </ReadOnlyUnlessOperator>
          {/* The organisation's language decides no one's way in: a platform admin changes it too. */}
          <OrganisationLanguageSection org={org} {...reporting} />
        </>
      )}
    </OrgSettingsFrame>
  );
}
