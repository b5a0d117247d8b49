import i18next from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi } from '../shared/api';
import type { EnrollmentSettings } from '../admin/adminApi';
import { useAdminData } from '../admin/useAdminData';
import { FormActions } from '../shared/BusyButton';
import { Alert, Loading, MessageView, reportError, type Report, type Reporting } from '../shared/Messages';
import { useAction } from '../shared/useAction';

const SOURCE = 'enrollment-settings';

/** Org Settings > Passkeys > Enrollment: how long a 9-character code and an enrollment email's link stay valid. */
export function EnrollmentSettingsSection({
  org,
  message,
  report,
  describeError,
}: Reporting & {
  org: string;
}) {
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
      <div className="field field--short">
        <label htmlFor={`${id}-code`}>{t('codeValidForLabel')}</label>
        <input
          id={`${id}-code`}
          type="number"
          inputMode="numeric"
          min={30}
          max={600}
          step={1}
          required
          value={codeSeconds}
          onChange={(e) => setCodeSeconds(e.target.value)}
        />
        <p className="field__hint">{t('codeValidForHint', { min: 30, max: 600, default: 60 })}</p>
      </div>
      <div className="field field--short">
        <label htmlFor={`${id}-link`}>{t('linkValidForLabel')}</label>
        <input
          id={`${id}-link`}
          type="number"
          inputMode="numeric"
          min={1}
          max={30}
          step={1}
          required
          value={linkDays}
          onChange={(e) => setLinkDays(e.target.value)}
        />
        <p className="field__hint">{t('linkValidForHint', { min: 1, max: 30, default: 7 })}</p>
      </div>
      <FormActions submit={t('saveEnrollmentSettings')} busy={busy} primary={false} />
    </form>
  );
}
