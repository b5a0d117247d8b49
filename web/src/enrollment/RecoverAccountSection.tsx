import i18next from 'i18next';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi } from '../shared/api';
import type { RecoveryResult } from '../admin/adminApi';
import { useFocusOnAppear, useReturnFocus } from '../shared/focus';
import { useAction } from '../shared/useAction';
import { BusyButton } from '../shared/BusyButton';
import { CheckboxField } from '../shared/Fields';
import { Alert, Status } from '../shared/Messages';
import { EmailResultView } from './EmailResultView';
import { EmailTemplateSelect } from '../mail/EmailTemplateSelect';
import { EnrollmentCodeView } from './EnrollmentCodeView';
import { MethodChoice, NoEmailHint, type EnrollMethod } from './MethodChoice';
import { useStepUp, type UserSectionProps } from '../admin/useStepUp';

function recoveredText(result: RecoveryResult, name: string): string {
  const recovered = i18next.t('users:recovered', { count: result.removedPasskeys, name });
  return result.passwordRemoved ? `${recovered} ${i18next.t('users:recoveredPasswordToo')}` : recovered;
}

/**
 * "Lost or replaced device": removes the passkeys on the lost device (or all of them), signs the user
 * out everywhere, then gives them a new way in: an enrollment email or a 9-character code.
 */
export function RecoverAccountSection({ org, admin, detail, onChanged, describeError }: UserSectionProps) {
  const { t } = useTranslation('users');
  const id = useId();
  const { user, passkeys } = detail;
  const stepUp = useStepUp(org, admin);
  const [open, setOpen] = useState(false);
  const [all, setAll] = useState(true);
  const [removePassword, setRemovePassword] = useState(false);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [method, setMethod] = useState<EnrollMethod>('code');
  const [templateId, setTemplateId] = useState<string | null | undefined>(undefined);
  const [result, setResult] = useState<RecoveryResult | null>(null);
  const { run, busy, error, setError } = useAction();
  // Opening "Recover account" and its result each move the keyboard to the new panel's start.
  const formStart = useFocusOnAppear<HTMLFieldSetElement>(open && !result);
  const resultStart = useFocusOnAppear<HTMLDivElement>(result);
  const describe = (retry: () => void) => (err: unknown) =>
    stepUp.needsConfirmation(err, retry) ? '' : (describeError(err) ?? '');

  function toggle(passkeyId: string, on: boolean) {
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(passkeyId);
      else next.delete(passkeyId);
      return next;
    });
  }

  async function recover(event?: FormEvent) {
    event?.preventDefault();
    const passkeyIds = all ? ('all' as const) : passkeys.filter((p) => chosen.has(p.id)).map((p) => p.id);
    if (passkeyIds !== 'all' && passkeyIds.length === 0 && passkeys.length > 0) {
      setError(t('choosePasskeys'));
      return;
    }
    const body = {
      passkeyIds,
      method,
      removePassword,
      ...(method === 'email' && templateId !== undefined ? { templateId } : {}),
    };
    await run(
      async () => {
        setResult(await orgApi(org).post('/admin/users/:id/recover', body, { params: { id: user.id } }));
        setChosen(new Set());
        onChanged();
      },
      { describe: describe(() => void recover()) },
    );
  }

  /**
   * A new code after the first one expired: a recovery that removes nothing more (the chosen passkeys
   * are gone already; any kept ones stay), so it works whether or not the user still has a passkey.
   */
  async function newCode(): Promise<void> {
    await run(
      async () => {
        const again = await orgApi(org).post(
          '/admin/users/:id/recover',
          { passkeyIds: [], method: 'code' },
          { params: { id: user.id } },
        );
        setResult((current) => (current ? { ...current, code: again.code } : current));
        onChanged();
      },
      { describe: describe(() => void newCode()) },
    );
  }

  // Closing the panel returns the keyboard to "Recover account", which opened it.
  const { opener, returnOnClose } = useReturnFocus(open);

  function close() {
    returnOnClose();
    setResult(null);
    setError(null);
    setAll(true);
    setRemovePassword(false);
    setOpen(false);
  }

  const currentEmail = result?.email ? detail.emails.find((e) => e.id === result.email?.email.id) : undefined;
  // No passkey and no password: nothing was lost, and the section above gives them their first way in.
  const nothingToRecover = passkeys.length === 0 && !user.hasPassword && !open;
  // The server refuses an admin's recovery of their own account (CANNOT_RECOVER_SELF): not offered.
  const self = admin?.user.id === user.id;

  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('recoverHeading')}</h2>
      <p className="muted">{t('recoverIntro')}</p>
      {self ? (
        <p className="hint">{t('recoverOwnHint')}</p>
      ) : nothingToRecover ? (
        <p>{t('nothingToRecover', { name: user.displayName })}</p>
      ) : !open ? (
        <p>
          <button type="button" ref={opener} className="button" onClick={() => setOpen(true)}>
            {t('recoverAccount')}
          </button>
        </p>
      ) : result ? (
        <div className="panel stack" role="group" tabIndex={-1} ref={resultStart} aria-label={t('recoverAccount')}>
          <Status message={recoveredText(result, user.displayName)} />
          {result.code && (
            <EnrollmentCodeView
              org={org}
              code={result.code}
              name={user.displayName}
              username={user.username}
              activity={detail.activity}
              passkeysOffered={user.passkeysOffered}
              onNewCode={() => void newCode()}
              busy={busy}
            />
          )}
          {result.email && <EmailResultView result={result.email} current={currentEmail} name={user.displayName} />}
          <Alert message={error} />
          <div className="actions">
            <button type="button" className="button" onClick={close} disabled={busy}>
              {t('close')}
            </button>
          </div>
        </div>
      ) : (
        <form className="panel stack" onSubmit={(e) => void recover(e)}>
          <fieldset className="choices" tabIndex={-1} ref={formStart}>
            <legend>{t('passkeysToRemove')}</legend>
            {passkeys.length === 0 ? (
              <p className="field__hint">{t('hasNoPasskeys', { name: user.displayName })}</p>
            ) : (
              <>
                <CheckboxField label={t('allPasskeys')} checked={all} disabled={busy} onChange={setAll} />
                {passkeys.map((p) => (
                  <CheckboxField
                    key={p.id}
                    label={p.name}
                    help={[
                      p.authenticatorName ?? t('unknownAuthenticator'),
                      p.backedUp ? t('synced') : t('thisDeviceOnly'),
                    ].join(' · ')}
                    checked={all || chosen.has(p.id)}
                    disabled={busy || all}
                    onChange={(on) => toggle(p.id, on)}
                  />
                ))}
              </>
            )}
          </fieldset>
          {user.hasPassword && (
            // Not offered passkeys, the member chooses a new password with the link or code: the server removes it.
            <CheckboxField
              label={t('alsoRemovePassword')}
              help={
                user.passkeysOffered ? t('alsoRemovePasswordHelp') : t('resetsPasswordHelp', { name: user.displayName })
              }
              checked={removePassword || !user.passkeysOffered}
              disabled={busy || !user.passkeysOffered}
              onChange={setRemovePassword}
            />
          )}
          <MethodChoice name={`${id}-method`} value={method} onChange={setMethod} disabled={busy} />
          {method === 'email' &&
            (user.email ? (
              !user.passkeysOffered ? (
                <p className="hint">{t('passwordEmail')}</p>
              ) : (
                <EmailTemplateSelect org={org} value={templateId} onChange={setTemplateId} disabled={busy} />
              )
            ) : (
              <NoEmailHint name={user.displayName} />
            ))}
          <p className="muted">{t('recoverWarning', { name: user.displayName })}</p>
          <Alert message={error} />
          <div className="actions">
            <BusyButton
              type="submit"
              className="button button--danger"
              busy={busy}
              disabled={method === 'email' && !user.email}
            >
              {t('recoverAccount')}
            </BusyButton>
            <button type="button" className="button" onClick={close} disabled={busy}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
      {/* Outside the form: "Confirm it's you" has a password form of its own. */}
      {open && stepUp.panel}
    </section>
  );
}
