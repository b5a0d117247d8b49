import type { TFunction } from 'i18next';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { isRouteError, orgApi } from '../shared/api';
import type { MobileAppsSettings } from '../admin/adminApi';
import { FormActions } from '../shared/BusyButton';
import { MessageView, reportError, type Reporting } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { useLatest } from '../shared/hooks';
import { useStepUp, type AdminSelf } from '../admin/useStepUp';
import { TextField } from '../shared/Fields';
import { TextAreaField } from '../shared/TextAreaField';
import { AppEntryList, useDrafts, type Drafts } from './AppEntryList';

const SOURCE = 'mobile-apps';

interface AndroidDraft {
  key: number;
  packageName: string;
  fingerprints: string;
}
interface AppleDraft {
  key: number;
  teamId: string;
  bundleId: string;
}

/** "android/0/sha256CertFingerprints/1" → "Android app 1, signing-certificate fingerprint 2". */
function fieldLabel(t: TFunction<'policy'>, field: string): string {
  const [kind, index, name, item] = field.split('/');
  const number = index === undefined ? undefined : Number(index) + 1;
  const app =
    kind === 'android'
      ? number === undefined
        ? t('androidApps')
        : t('androidApp', { number })
      : number === undefined
        ? t('appleApps')
        : t('appleApp', { number });
  if (name === 'sha256CertFingerprints')
    return item === undefined
      ? t('fieldOf', { app, field: t('fingerprints') })
      : t('fieldOf', { app, field: t('fingerprint', { number: Number(item) + 1 }) });
  const names: Record<string, string> = {
    packageName: t('packageNameField'),
    teamId: t('teamIdField'),
    bundleId: t('bundleIdField'),
  };
  return name ? t('fieldOf', { app, field: names[name] ?? name }) : app;
}

/** Org Settings › Mobile apps: the Android and Apple apps, saved together with "Save mobile apps". */
export function MobileAppsForm({
  org,
  admin,
  settings,
  message,
  report,
  describeError,
  onSaved,
}: Reporting & {
  org: string;
  admin: AdminSelf | null;
  settings: MobileAppsSettings;
  onSaved: (settings: MobileAppsSettings) => void;
}) {
  const { t } = useTranslation('policy');
  const id = useId();
  const next = useRef(0);
  const android = useDrafts<AndroidDraft>(next, { packageName: '', fingerprints: '' }, () =>
    settings.android.map((a) => ({ packageName: a.packageName, fingerprints: a.sha256CertFingerprints.join('\n') })),
  );
  const apple = useDrafts<AppleDraft>(next, { teamId: '', bundleId: '' }, () =>
    settings.apple.map((a) => ({ teamId: a.teamId, bundleId: a.bundleId })),
  );
  const [invalid, setInvalid] = useState<string | null>(null);
  const { run, busy } = useAction();
  const stepUp = useStepUp(org, admin, t('mobileStepUpReason'));

  const isInvalid = (field: string): true | undefined =>
    invalid !== null && (invalid === field || invalid.startsWith(`${field}/`)) ? true : undefined;
  /** An app's text field, `name`, as a field of the form: its id, whether the server refused it, its value. */
  const bind = <T extends { key: number }>(drafts: Drafts<T>, path: string, app: T, name: keyof T & string) => ({
    id: `${id}-${name}-${app.key}`,
    invalid: isInvalid(`${path}/${name}`),
    value: String(app[name]),
    onChange: (value: string) => drafts.edit(app.key, { [name]: value } as Partial<T>),
  });

  async function save() {
    await run(
      async () => {
        report(null);
        setInvalid(null);
        const body = {
          android: android.list.map((a) => ({
            packageName: a.packageName,
            sha256CertFingerprints: a.fingerprints.split(/[\s,]+/).filter(Boolean),
          })),
          apple: apple.list.map((a) => ({ teamId: a.teamId, bundleId: a.bundleId })),
        };
        const saved = await orgApi(org).put('/admin/settings/mobile-apps', body);
        report({
          kind: 'status',
          text: t('mobileSaved'),
          source: SOURCE,
        });
        onSaved(saved);
      },
      { onError },
    );
  }
  const latestSave = useLatest(save);

  function onError(err: unknown) {
    if (stepUp.needsConfirmation(err, () => void latestSave.current())) return;
    if (
      isRouteError(err, 'PUT /api/o/:org/admin/settings/mobile-apps', 'MOBILE_APP_INVALID') &&
      typeof err.details?.field === 'string'
    ) {
      setInvalid(err.details.field);
      report({
        kind: 'error',
        text: t('invalidField', {
          field: fieldLabel(t, err.details.field),
          rule: (err.details.rule as string | undefined) ?? t('notValid'),
        }),
        source: SOURCE,
      });
    } else reportError(report, SOURCE, describeError)(err);
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  return (
    <>
      <form onSubmit={onSubmit} className="stack">
        <AppEntryList
          platform="android"
          drafts={android}
          fields={(app, i) => (
            <>
              <IdentifierField
                className="field"
                label={t('packageName')}
                placeholder="com.example.app"
                {...bind(android, `android/${i}`, app, 'packageName')}
              />
              <TextAreaField
                id={`${id}-fp-${app.key}`}
                label={t('fingerprintsLabel')}
                hint={<Trans t={t} i18nKey="fingerprintsHint" components={{ code: <code /> }} />}
                rows={2}
                required
                spellCheck={false}
                aria-invalid={isInvalid(`android/${i}/sha256CertFingerprints`)}
                value={app.fingerprints}
                onChange={(e) => android.edit(app.key, { fingerprints: e.target.value })}
              />
            </>
          )}
        />
        <AppEntryList
          platform="apple"
          drafts={apple}
          fields={(app, i) => (
            <>
              <IdentifierField
                className="field field--short"
                label={t('teamId')}
                placeholder="ABCDE12345"
                {...bind(apple, `apple/${i}`, app, 'teamId')}
              />
              <IdentifierField
                className="field"
                label={t('bundleId')}
                placeholder="com.example.app"
                {...bind(apple, `apple/${i}`, app, 'bundleId')}
              />
            </>
          )}
        />
        <p className="field__hint">
          <Trans t={t} i18nKey="appleHint" components={{ code: <code /> }} />
        </p>

        <MessageView message={message} source={SOURCE} />
        <FormActions submit={t('saveMobileApps')} busy={busy} />
      </form>
      {/* Outside the form: the prompt has a form of its own. */}
      {stepUp.panel}
    </>
  );
}

/** A short identifier typed exactly (package, team or bundle id): no autocomplete, no spell check. */
function IdentifierField({
  className,
  id,
  label,
  placeholder,
  invalid,
  value,
  onChange,
}: {
  className: string;
  id: string;
  label: string;
  placeholder: string;
  invalid: true | undefined;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      fieldClassName={className}
      id={id}
      label={label}
      required
      autoComplete="off"
      spellCheck={false}
      placeholder={placeholder}
      aria-invalid={invalid}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
