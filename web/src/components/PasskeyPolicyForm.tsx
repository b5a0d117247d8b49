import { useId, useState, type FormEvent } from 'react';
import { orgApi, type PasskeyPolicy, type Rollout } from '../api';
import { useStepUp, type AdminSelf } from './admin/useStepUp';
import { CheckboxField, RadioGroup } from './Fields';
import { MessageView, type Message, type Report } from './Messages';

const ROLLOUT_OPTIONS: ReadonlyArray<{ value: Rollout; label: string }> = [
  { value: 'admins', label: 'Admins only' },
  { value: 'pilot', label: 'Pilot group' },
  { value: 'everyone', label: 'Everyone' },
];

const SOURCE = 'policy';

export const SETTINGS_SAVED = "Settings saved. Changes take effect at each member's next sign-in.";

type Changes = Partial<Omit<PasskeyPolicy, 'passkeysAvailable'>>;

/** Only what the admin changed, so a save never overwrites another admin's change to something else. */
function changesBetween(saved: PasskeyPolicy, draft: PasskeyPolicy): Changes {
  const changes: Changes = {};
  if (draft.passkeysEnabled !== saved.passkeysEnabled) changes.passkeysEnabled = draft.passkeysEnabled;
  if (draft.passkeysMandatory !== saved.passkeysMandatory) changes.passkeysMandatory = draft.passkeysMandatory;
  if (draft.passwordFallback !== saved.passwordFallback) changes.passwordFallback = draft.passwordFallback;
  if (draft.rollout !== saved.rollout) changes.rollout = draft.rollout;
  if (draft.promptSnoozeDays !== saved.promptSnoozeDays) changes.promptSnoozeDays = draft.promptSnoozeDays;
  if (draft.hideAccountExistence !== saved.hideAccountExistence)
    changes.hideAccountExistence = draft.hideAccountExistence;
  return changes;
}

/** Org Settings > Passkeys: the organisation's passkey policy, saved with "Save". */
export function PasskeyPolicyForm({
  org,
  admin,
  policy,
  onSaved,
  message,
  report,
  describeError,
}: {
  org: string;
  /** The signed-in admin, to "Confirm it's you" before the change. */
  admin: AdminSelf | null;
  policy: PasskeyPolicy;
  onSaved: (policy: PasskeyPolicy) => void;
  /** The page's message ("Settings saved…", or what went wrong), and how to set it. */
  message: Message | null;
  report: Report;
  describeError: (err: unknown) => string | null;
}) {
  const id = useId();
  const [draft, setDraft] = useState(policy);
  const [snoozeDays, setSnoozeDays] = useState(String(policy.promptSnoozeDays));
  const [busy, setBusy] = useState(false);
  const status = (text: string) => report({ kind: 'status', text, source: SOURCE });
  const locked = !policy.passkeysAvailable;
  const stepUp = useStepUp(org, admin, "before changing your organisation's passkey settings");

  const set = <K extends keyof PasskeyPolicy>(key: K, value: PasskeyPolicy[K]) => {
    if (message?.source === SOURCE) report(null);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    report(null);
    const changes = changesBetween(policy, { ...draft, promptSnoozeDays: Number(snoozeDays) });
    if (Object.keys(changes).length === 0) {
      status('No changes to save.');
      return;
    }
    await save(changes);
  }

  async function save(changes: Changes) {
    setBusy(true);
    try {
      const { policy: saved } = await orgApi(org).put<{ policy: PasskeyPolicy }>('/admin/settings/passkeys', changes);
      setDraft(saved);
      setSnoozeDays(String(saved.promptSnoozeDays));
      onSaved(saved);
      status(SETTINGS_SAVED);
    } catch (err) {
      if (stepUp.needsConfirmation(err, () => void save(changes))) return;
      const text = describeError(err);
      report(text ? { kind: 'error', text, source: SOURCE } : null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form onSubmit={onSubmit} className="stack policy-form">
        <fieldset className="plain" disabled={locked || busy}>
          <div className="stack">
            <CheckboxField
              label="Enable passkeys"
              help="Members reached by the rollout can create passkeys and sign in with them."
              checked={draft.passkeysEnabled}
              onChange={(v) => set('passkeysEnabled', v)}
            />
            <CheckboxField
              label="Force Passkey Setup"
              help="Members without a passkey must create one at their next sign-in. Nobody is locked out: they can still sign in with their password or setup link first."
              checked={draft.passkeysMandatory}
              onChange={(v) => set('passkeysMandatory', v)}
            />
            <CheckboxField
              label="Allow password sign-in for members who have a passkey"
              help="When off, members who have a passkey sign in with it only. Members without one keep their password."
              checked={draft.passwordFallback}
              onChange={(v) => set('passwordFallback', v)}
            />
            <CheckboxField
              label="Hide whether an account exists"
              help="Sign-in answers the same for every username: both passkey and password are offered, and a refused password never says why. Members are no longer told “your account is protected by a Passkey”."
              checked={draft.hideAccountExistence}
              onChange={(v) => set('hideAccountExistence', v)}
            />
            <RadioGroup
              legend="Rollout"
              name="rollout"
              help="Let admins try passkeys first, then a small pilot group, then everyone."
              options={ROLLOUT_OPTIONS}
              value={draft.rollout}
              onChange={(v) => set('rollout', v)}
            />
            <div className="field field--short">
              <label htmlFor={`${id}-snooze`}>Days before asking again after “Do this later”</label>
              <input
                id={`${id}-snooze`}
                type="number"
                inputMode="numeric"
                min={1}
                max={365}
                step={1}
                required
                value={snoozeDays}
                aria-describedby={`${id}-snooze-help`}
                onChange={(e) => {
                  if (message?.source === SOURCE) report(null);
                  setSnoozeDays(e.target.value);
                }}
              />
              <p id={`${id}-snooze-help`} className="field__hint">
                From 1 to 365. Members who choose “Do this later” are not asked to create a passkey again until then.
              </p>
            </div>
          </div>
        </fieldset>
        <p className="muted">Turning passkeys off keeps members' passkeys; turning them back on restores them.</p>
        <MessageView message={message} source={SOURCE} />
        <div className="actions">
          <button type="submit" className="button button--primary" aria-label="Save settings" disabled={locked || busy}>
            Save
          </button>
        </div>
      </form>
      {/* Outside the form: the prompt has a form of its own. */}
      {stepUp.panel}
    </>
  );
}
