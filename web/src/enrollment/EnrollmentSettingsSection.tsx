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
import { useStepUp, type AdminSelf } from '../admin/useStepUp';
import { useLatest } from '../shared/hooks';

const SOURCE = 'enrollment-settings';

/** Org Settings > Passkeys > Enrollment: how long a 9-character code and an enrollment email's link stay valid. */
export function EnrollmentSettingsSection({
  org,
  admin,
  message,
  report,
  describeError,
}: OrgReporting & { admin: AdminSelf | null }) {
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
          admin={admin}
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
  admin,
  settings,
  report,
  describeError,
  onSaved,
}: {
  org: string;
  admin: AdminSelf | null;
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
  const { run, busy } = useAction();
  const stepUp = useStepUp(org, admin, i18next.t('policy:stepUpReason'));

  /** Saves what the form holds now: after "Confirm it's you", edits made meanwhile too. */
  async function save() {
    await run(
      async () => {
        report(null);
        const saved = await orgApi(org).put('/admin/settings/enrollment', {
          codeSeconds: Number(codeSeconds),
          linkDays: Number(linkDays),
        });
        onSaved(saved);
        report({ kind: 'status', text: i18next.t('users:enrollmentSettingsSaved'), source: SOURCE });
      },
      {
        onError: (err) => {
          if (!stepUp.needsConfirmation(err, () => void latestSave.current()))
            reportError(report, SOURCE, describeError)(err);
        },
      },
    );
  }
  const latestSave = useLatest(save);

  return (
    <>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
        className="stack"
      >
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
      {stepUp.panel}
    </>
  );
}
