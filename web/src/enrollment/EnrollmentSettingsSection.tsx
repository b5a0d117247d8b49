import i18next from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi } from '../shared/api';
import type { EnrollmentSettings } from '../admin/adminApi';
import { useAdminData } from '../admin/useAdminData';
import { FormActions } from '../shared/BusyButton';
import { Alert, Loading, MessageView, reportError, type OrgReporting, type Report } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { NumberField } from '../shared/NumberField';

const SOURCE = 'enrollment-settings';

/** Org Settings > Passkeys > Enrollment: how long a 9-character code and an enrollment email's link stay valid. */
export function EnrollmentSettingsSection({ org, message, report, describeError }: OrgReporting) {
  const { t } = useTranslation('users');
  const { data, error, setData } = useAdminData(org, '/admin/settings/enrollment');
  return (
    <section className="section" aria-labelledby="enrollment-settings-heading">
      <h2 id="enrollment-settings-heading">{t('enrollmentSettingsHeading')}</h2>
      <p className="muted">{t('enrollmentSettingsIntro')}</p>
      <Alert message={error} />
      <MessageView message={message} source={SOURCE} />
      {data ? (
        <EnrollmentSettingsForm
          org={org}
          settings={data}
          report={report}
          describeError={describeError}
          onSaved={setData}
        />
      ) : (
        !error && <Loading />
      )}
    </section>
  );
}

function EnrollmentSettingsForm({
  org,
  settings,
  report,
  describeError,
  onSaved,
}: {
  org: string;
  settings: EnrollmentSettings;
  report: Report;
  describeError: (err: unknown) => string | null;
  onSaved: (settings: EnrollmentSettings) => void;
}) {
  const { t } = useTranslation('users');
  const id = useId();
  // Kept as typed, so that clearing a field to retype it does not snap back to a number.
  const [codeSeconds, setCodeSeconds] = useState(String(settings.codeSeconds));
  const [linkDays, setLinkDays] = useState(String(settings.linkDays));
  const { submit, busy } = useAction();

  const onSubmit = submit(
    async () => {
      report(null);
      const saved = await orgApi(org).put('/admin/settings/enrollment', {
        codeSeconds: Number(codeSeconds),
        linkDays: Number(linkDays),
      });
      onSaved(saved);
      report({ kind: 'status', text: i18next.t('users:enrollmentSettingsSaved'), source: SOURCE });
    },
    { onError: reportError(report, SOURCE, describeError) },
  );

  return (
    <form onSubmit={onSubmit} className="stack">
      <NumberField
        id={`${id}-code`}
        label={t('codeValidForLabel')}
        hint={t('codeValidForHint', { min: 30, max: 600, default: 60 })}
        min={30}
        max={600}
        value={codeSeconds}
        onValue={setCodeSeconds}
      />
      <NumberField
        id={`${id}-link`}
        label={t('linkValidForLabel')}
        hint={t('linkValidForHint', { min: 1, max: 30, default: 7 })}
        min={1}
        max={30}
        value={linkDays}
        onValue={setLinkDays}
      />
      <FormActions submit={t('saveEnrollmentSettings')} busy={busy} primary={false} />
    </form>
  );
}
