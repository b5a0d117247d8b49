import { useId, useState, type FormEvent } from 'react';
import { orgApi } from '../../api';
import type { RecoveryResult } from '../../adminApi';
import { count } from '../../format';
import { CheckboxField } from '../Fields';
import { Alert, Status } from '../Messages';
import { EmailResultView } from './EmailResultView';
import { EmailTemplateSelect } from './EmailTemplateSelect';
import { EnrollmentCodeView } from './EnrollmentCodeView';
import { MethodChoice, NoEmailHint, type EnrollMethod } from './MethodChoice';
import { useStepUp, type UserSectionProps } from './useStepUp';

function recoveredText(result: RecoveryResult, name: string): string {
  return `Removed ${count(result.removedPasskeys, 'passkey')} and signed ${name} out everywhere.${result.passwordRemoved ? ' Their password was removed too.' : ''}`;
}

/**
 * "Lost or replaced device": removes the passkeys on the lost device (or all of them), signs the user
 * out everywhere, then gives them a new way in: an enrollment email or a 9-character code.
 */
export function RecoverAccountSection({ org, admin, detail, onChanged, describeError }: UserSectionProps) {
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
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
    const passkeyIds = all ? 'all' : passkeys.filter((p) => chosen.has(p.id)).map((p) => p.id);
    if (passkeyIds !== 'all' && passkeyIds.length === 0 && passkeys.length > 0) {
      setError('Choose the passkeys to remove, or “All passkeys”.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = {
        passkeyIds,
        method,
        removePassword,
        ...(method === 'email' && templateId !== undefined ? { templateId } : {}),
      };
      setResult(await orgApi(org).post<RecoveryResult>(`/admin/users/${encodeURIComponent(user.id)}/recover`, body));
      setChosen(new Set());
      onChanged();
    } catch (err) {
      if (stepUp.needsConfirmation(err, () => void recover())) return;
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  /**
   * A new code after the first one expired: a recovery that removes nothing more (the chosen passkeys
   * are gone already; any kept ones stay), so it works whether or not the user still has a passkey.
   */
  async function newCode() {
    setBusy(true);
    setError(null);
    try {
      const again = await orgApi(org).post<RecoveryResult>(`/admin/users/${encodeURIComponent(user.id)}/recover`, {
        passkeyIds: [],
        method: 'code',
      });
      setResult((current) => (current ? { ...current, code: again.code } : current));
      onChanged();
    } catch (err) {
      if (stepUp.needsConfirmation(err, () => void newCode())) return;
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  function close() {
    setResult(null);
    setError(null);
    setAll(true);
    setRemovePassword(false);
    setOpen(false);
  }

  const currentEmail = result?.email ? detail.emails.find((e) => e.id === result.email?.email.id) : undefined;

  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Lost or replaced device</h2>
      <p className="muted">
        An employee lost their device and can't get into the app? Remove the passkeys that were on it, sign them out
        everywhere, and give them a new way to enroll a passkey on their new device.
      </p>
      {!open ? (
        <p>
          <button type="button" className="button" onClick={() => setOpen(true)}>
            Recover account
          </button>
        </p>
      ) : result ? (
        <div className="panel stack">
          <Status message={recoveredText(result, user.displayName)} />
          {result.code && (
            <EnrollmentCodeView
              org={org}
              code={result.code}
              name={user.displayName}
              username={user.username}
              onNewCode={() => void newCode()}
              busy={busy}
            />
          )}
          {result.email && <EmailResultView result={result.email} current={currentEmail} name={user.displayName} />}
          <Alert message={error} />
          <div className="actions">
            <button type="button" className="button" onClick={close} disabled={busy}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form className="panel stack" onSubmit={(e) => void recover(e)}>
          <fieldset className="choices">
            <legend>Passkeys to remove</legend>
            {passkeys.length === 0 ? (
              <p className="field__hint">{user.displayName} has no passkeys.</p>
            ) : (
              <>
                <CheckboxField label="All passkeys" checked={all} disabled={busy} onChange={setAll} />
                {passkeys.map((p) => (
                  <CheckboxField
                    key={p.id}
                    label={p.name}
                    help={`${p.authenticatorName ?? 'Unknown authenticator'} · ${p.backedUp ? 'Synced' : 'This device only'}`}
                    checked={all || chosen.has(p.id)}
                    disabled={busy || all}
                    onChange={(on) => toggle(p.id, on)}
                  />
                ))}
              </>
            )}
          </fieldset>
          {user.hasPassword && (
            <CheckboxField
              label="Also remove their password"
              help="It may be saved in the lost device's browser. They sign in with their new passkey instead."
              checked={removePassword}
              disabled={busy}
              onChange={setRemovePassword}
            />
          )}
          <MethodChoice name={`${id}-method`} value={method} onChange={setMethod} disabled={busy} />
          {method === 'email' &&
            (user.email ? (
              <EmailTemplateSelect org={org} value={templateId} onChange={setTemplateId} disabled={busy} />
            ) : (
              <NoEmailHint name={user.displayName} />
            ))}
          <p className="muted">{user.displayName} is signed out everywhere at once. This cannot be undone.</p>
          <Alert message={error} />
          <div className="actions">
            <button
              type="submit"
              className="button button--danger"
              disabled={busy || (method === 'email' && !user.email)}
            >
              Recover account
            </button>
            <button type="button" className="button" onClick={close} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {/* Outside the form: "Confirm it's you" has a password form of its own. */}
      {open && stepUp.panel}
    </section>
  );
}
