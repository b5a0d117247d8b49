import { useId, useRef, useState, type FormEvent } from 'react';
import { isApiError, orgApi } from '../../api';
import type { MobileAppsSettings } from '../../adminApi';
import { MessageView, type Message, type Report } from '../Messages';
import { useStepUp, type AdminSelf } from './useStepUp';

const SOURCE = 'mobile-apps';
const MAX_APPS = 10;

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
function fieldLabel(field: string): string {
  const [kind, index, name, item] = field.split('/');
  const app = `${kind === 'android' ? 'Android' : 'Apple'} app${index === undefined ? 's' : ` ${Number(index) + 1}`}`;
  if (name === 'sha256CertFingerprints')
    return `${app}, signing-certificate fingerprint${item === undefined ? 's' : ` ${Number(item) + 1}`}`;
  const names: Record<string, string> = { packageName: 'package name', teamId: 'team ID', bundleId: 'bundle ID' };
  return name ? `${app}, ${names[name] ?? name}` : app;
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
}: {
  org: string;
  admin: AdminSelf | null;
  settings: MobileAppsSettings;
  message: Message | null;
  report: Report;
  describeError: (err: unknown) => string | null;
  onSaved: (settings: MobileAppsSettings) => void;
}) {
  const id = useId();
  const next = useRef(0);
  const [android, setAndroid] = useState<AndroidDraft[]>(() =>
    settings.android.map((a) => ({
      key: next.current++,
      packageName: a.packageName,
      fingerprints: a.sha256CertFingerprints.join('\n'),
    })),
  );
  const [apple, setApple] = useState<AppleDraft[]>(() =>
    settings.apple.map((a) => ({ key: next.current++, teamId: a.teamId, bundleId: a.bundleId })),
  );
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stepUp = useStepUp(org, admin, 'before changing which apps may use your passkeys');

  const editAndroid = (key: number, change: Partial<AndroidDraft>) =>
    setAndroid((list) => list.map((a) => (a.key === key ? { ...a, ...change } : a)));
  const editApple = (key: number, change: Partial<AppleDraft>) =>
    setApple((list) => list.map((a) => (a.key === key ? { ...a, ...change } : a)));
  const isInvalid = (field: string) =>
    invalid !== null && (invalid === field || invalid.startsWith(`${field}/`)) ? true : undefined;

  async function save() {
    setBusy(true);
    report(null);
    setInvalid(null);
    const body = {
      android: android.map((a) => ({
        packageName: a.packageName,
        sha256CertFingerprints: a.fingerprints.split(/[\s,]+/).filter(Boolean),
      })),
      apple: apple.map((a) => ({ teamId: a.teamId, bundleId: a.bundleId })),
    };
    try {
      const saved = await orgApi(org).put<MobileAppsSettings>('/admin/settings/mobile-apps', body);
      report({
        kind: 'status',
        text: 'Mobile apps saved. Phones pick up the change within a few minutes.',
        source: SOURCE,
      });
      onSaved(saved);
    } catch (err) {
      if (stepUp.needsConfirmation(err, () => void save())) return;
      if (isApiError(err, 'MOBILE_APP_INVALID') && typeof err.details?.field === 'string') {
        setInvalid(err.details.field);
        report({
          kind: 'error',
          text: `${fieldLabel(err.details.field)}: ${(err.details.rule as string | undefined) ?? 'not valid'}.`,
          source: SOURCE,
        });
      } else {
        const text = describeError(err);
        report(text ? { kind: 'error', text, source: SOURCE } : null);
      }
    } finally {
      setBusy(false);
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  return (
    <>
      <form onSubmit={onSubmit} className="stack">
        <h2>Android apps</h2>
        {android.length === 0 && <p className="muted">No Android apps.</p>}
        {android.map((app, i) => (
          <fieldset key={app.key} className="app-entry">
            <legend>Android app {i + 1}</legend>
            <IdentifierField
              className="field"
              id={`${id}-pkg-${app.key}`}
              label="Package name"
              placeholder="com.example.app"
              invalid={isInvalid(`android/${i}/packageName`)}
              value={app.packageName}
              onChange={(value) => editAndroid(app.key, { packageName: value })}
            />
            <div className="field">
              <label htmlFor={`${id}-fp-${app.key}`}>SHA-256 signing-certificate fingerprints</label>
              <textarea
                id={`${id}-fp-${app.key}`}
                rows={2}
                required
                spellCheck={false}
                aria-describedby={`${id}-fp-${app.key}-hint`}
                aria-invalid={isInvalid(`android/${i}/sha256CertFingerprints`)}
                value={app.fingerprints}
                onChange={(e) => editAndroid(app.key, { fingerprints: e.target.value })}
              />
              <p id={`${id}-fp-${app.key}-hint`} className="field__hint">
                One per line, as <code>keytool -list -v</code> or Play Console › App signing shows it (32 pairs such as{' '}
                <code>AB:CD:…</code>); up to 5.
              </p>
            </div>
            <button
              type="button"
              className="button button--danger-quiet"
              onClick={() => setAndroid((list) => list.filter((a) => a.key !== app.key))}
            >
              Remove Android app {i + 1}
            </button>
          </fieldset>
        ))}
        <p>
          <button
            type="button"
            className="button"
            disabled={android.length >= MAX_APPS}
            onClick={() => setAndroid((list) => [...list, { key: next.current++, packageName: '', fingerprints: '' }])}
          >
            Add Android app
          </button>
        </p>

        <h2>Apple apps</h2>
        {apple.length === 0 && <p className="muted">No Apple apps.</p>}
        {apple.map((app, i) => (
          <fieldset key={app.key} className="app-entry">
            <legend>Apple app {i + 1}</legend>
            <IdentifierField
              className="field field--short"
              id={`${id}-team-${app.key}`}
              label="Team ID"
              placeholder="ABCDE12345"
              invalid={isInvalid(`apple/${i}/teamId`)}
              value={app.teamId}
              onChange={(value) => editApple(app.key, { teamId: value })}
            />
            <IdentifierField
              className="field"
              id={`${id}-bundle-${app.key}`}
              label="Bundle ID"
              placeholder="com.example.app"
              invalid={isInvalid(`apple/${i}/bundleId`)}
              value={app.bundleId}
              onChange={(value) => editApple(app.key, { bundleId: value })}
            />
            <button
              type="button"
              className="button button--danger-quiet"
              onClick={() => setApple((list) => list.filter((a) => a.key !== app.key))}
            >
              Remove Apple app {i + 1}
            </button>
          </fieldset>
        ))}
        <p>
          <button
            type="button"
            className="button"
            disabled={apple.length >= MAX_APPS}
            onClick={() => setApple((list) => [...list, { key: next.current++, teamId: '', bundleId: '' }])}
          >
            Add Apple app
          </button>
        </p>
        <p className="field__hint">
          Apple apps also need the <code>webcredentials:</code> entry for this domain in their Associated Domains.
        </p>

        <MessageView message={message} source={SOURCE} />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Save mobile apps
          </button>
        </div>
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
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        required
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        aria-invalid={invalid}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
