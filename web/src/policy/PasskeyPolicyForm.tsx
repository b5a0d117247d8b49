import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi, type PasskeyPolicy, type Rollout } from '../shared/api';
import { useStepUp, type AdminSettingsProps } from '../admin/useStepUp';
import { BusyButton } from '../shared/BusyButton';
import { CheckboxField, RadioGroup } from '../shared/Fields';
import { NumberField } from '../shared/NumberField';
import { MessageView, reportError } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { useLatest } from '../shared/hooks';

const ROLLOUTS: readonly Rollout[] = ['admins', 'pilot', 'everyone'];

const SOURCE = 'policy';

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
}: AdminSettingsProps & {
  policy: PasskeyPolicy;
  onSaved: (policy: PasskeyPolicy) => void;
}) {
  const { t } = useTranslation(['policy', 'admin']);
  const id = useId();
  const [draft, setDraft] = useState(policy);
  const [snoozeDays, setSnoozeDays] = useState(String(policy.promptSnoozeDays));
  const { run, busy } = useAction();
  const status = (text: string) => report({ kind: 'status', text, source: SOURCE });
  const locked = !policy.passkeysAvailable;
  const stepUp = useStepUp(org, admin, t('stepUpReason'));
  const rolloutOptions = ROLLOUTS.map((value) => ({ value, label: t(`rollout_${value}`) }));

  const set = <K extends keyof PasskeyPolicy>(key: K, value: PasskeyPolicy[K]) => {
    if (message?.source === SOURCE) report(null);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await save();
  }

  /** Saves what the form holds now: after "Confirm it's you", edits made meanwhile too. */
  async function save() {
    report(null);
    const changes = changesBetween(policy, { ...draft, promptSnoozeDays: Number(snoozeDays) });
    if (Object.keys(changes).length === 0) {
      status(t('noChanges'));
      return;
    }
    await run(
      async () => {
        const { policy: saved } = await orgApi(org).put('/admin/settings/passkeys', changes);
        setDraft(saved);
        setSnoozeDays(String(saved.promptSnoozeDays));
        onSaved(saved);
        status(t('saved'));
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
      <form onSubmit={onSubmit} className="stack policy-form">
        <fieldset className="plain" disabled={locked || busy}>
          <div className="stack">
            <CheckboxField
              label={t('enableLabel')}
              help={t('enableHelp')}
              checked={draft.passkeysEnabled}
              onChange={(v) => set('passkeysEnabled', v)}
            />
            <CheckboxField
              label={t('forceLabel')}
              help={t('forceHelp')}
              checked={draft.passkeysMandatory}
              onChange={(v) => set('passkeysMandatory', v)}
            />
            <CheckboxField
              label={t('passwordFallbackLabel')}
              help={t('passwordFallbackHelp')}
              checked={draft.passwordFallback}
              onChange={(v) => set('passwordFallback', v)}
            />
            <CheckboxField
              label={t('hideAccountsLabel')}
              help={t('hideAccountsHelp')}
              checked={draft.hideAccountExistence}
              onChange={(v) => set('hideAccountExistence', v)}
            />
            <RadioGroup
              legend={t('rolloutLegend')}
              name="rollout"
              help={t('rolloutHelp')}
              options={rolloutOptions}
              value={draft.rollout}
              onChange={(v) => set('rollout', v)}
            />
            <NumberField
              id={`${id}-snooze`}
              label={t('snoozeLabel')}
              hint={t('snoozeHelp')}
              min={1}
              max={365}
              value={snoozeDays}
              onValue={(value) => {
                if (message?.source === SOURCE) report(null);
                setSnoozeDays(value);
              }}
            />
          </div>
        </fieldset>
        <p className="muted">{t('offKeepsPasskeys')}</p>
        <MessageView message={message} source={SOURCE} />
        <div className="actions">
          <BusyButton
            type="submit"
            className="button button--primary"
            aria-label={t('saveLabel')}
            disabled={locked}
            busy={busy}
          >
            {t('admin:save')}
          </BusyButton>
        </div>
      </form>
      {/* Outside the form: the prompt has a form of its own. */}
      {stepUp.panel}
    </>
  );
}
