import { useEffect, useId, useRef, useState } from 'react';
import { orgApi } from '../../api';
import type { EnrollmentCode, EnrollmentEmailResult } from '../../adminApi';
import { formatDate } from '../../format';
import { Alert } from '../Messages';
import { EmailResultView } from './EmailResultView';
import { EmailTemplateSelect } from './EmailTemplateSelect';
import { EnrollmentCodeView } from './EnrollmentCodeView';
import { MethodChoice, NoEmailHint, type EnrollMethod } from './MethodChoice';
import { useStepUp, type UserSectionProps } from './useStepUp';

/**
 * "Enroll a Passkey": send the user an enrollment email (its link opens the setup page), or generate a
 * 9-character code they enter at /o/<org>/enroll. Either way the user then creates the passkey themselves.
 */
export function EnrollPasskeySection({ org, admin, detail, onChanged, describeError }: UserSectionProps) {
  const id = useId();
  const { user } = detail;
  const base = `/admin/users/${encodeURIComponent(user.id)}`;
  const [open, setOpen] = useState(false);
  const [method, setMethod] = useState<EnrollMethod>(user.email ? 'email' : 'code');
  const [templateId, setTemplateId] = useState<string | null | undefined>(undefined);
  const [code, setCode] = useState<EnrollmentCode | null>(null);
  const [emailResult, setEmailResult] = useState<EnrollmentEmailResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stepUp = useStepUp(org, admin);
  const opener = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  // The page looks again while a code or link is live: when the member has used it, say so (aria-live).
  const [enrolledNow, setEnrolledNow] = useState<string | null>(null);
  const wasPending = useRef(user.enrollment === 'pending');
  useEffect(() => {
    if (wasPending.current && user.enrollment === 'enrolled')
      setEnrolledNow(`${user.username} has created a passkey — Enrolled`);
    wasPending.current = user.enrollment === 'pending';
  }, [user.enrollment, user.username]);

  useEffect(() => {
    if (!open && returnFocus.current) {
      returnFocus.current = false;
      opener.current?.focus();
    }
  }, [open]);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (err) {
      if (stepUp.needsConfirmation(err, () => void run(action))) return;
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  const generateCode = () =>
    run(async () => {
      setCode(null);
      setCode(await orgApi(org).post<EnrollmentCode>(`${base}/enrollment-code`));
    });

  const sendEmail = () =>
    run(async () => {
      const body = templateId === undefined ? {} : { templateId };
      setEmailResult(await orgApi(org).post<EnrollmentEmailResult>(`${base}/enrollment-email`, body));
    });

  function close() {
    // The code is shown once: closing the panel forgets it.
    setCode(null);
    setEmailResult(null);
    setError(null);
    returnFocus.current = true;
    setOpen(false);
  }

  const done = (method === 'code' && code) || (method === 'email' && emailResult);

  // Enrolled (and not in the middle of handing out a code): a code or link beside their passkey would be
  // a way into the account, so say what to do instead of offering a button the server refuses.
  // One live region that stays in place whatever the section shows, so the news is read out when it comes.
  const announcement = (
    <div role="status" aria-live="polite">
      {enrolledNow && <p className="status">{enrolledNow}</p>}
    </div>
  );
  if (user.status === 'disabled' || (user.enrollment === 'enrolled' && !open)) {
    return (
      <section className="section" aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`}>Enroll a Passkey</h2>
        {announcement}
        {user.status === 'disabled' ? (
          <p>{user.displayName}'s account is disabled. Enable it before enrolling a passkey.</p>
        ) : (
          <p>
            {user.displayName} is Enrolled: they already have a passkey. If they lost their device, use “Recover
            account” below. To add another device, they use “Sign in to another device” from a device they already have.
          </p>
        )}
      </section>
    );
  }
  const currentEmail = emailResult ? detail.emails.find((e) => e.id === emailResult.email.id) : undefined;

  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Enroll a Passkey</h2>
      {announcement}
      <p className="muted">
        Send {user.displayName} an enrollment email, or generate a 9-character code to share by message or over the
        phone. They then create their passkey on their own device.
      </p>
      {detail.enrollmentCode && !code && (
        <p className="hint">
          A code generated earlier is still valid until {formatDate(detail.enrollmentCode.expiresAt)}.
        </p>
      )}
      {!open ? (
        <p>
          <button type="button" ref={opener} className="button button--primary" onClick={() => setOpen(true)}>
            Enroll a Passkey
          </button>
        </p>
      ) : (
        <div className="panel stack">
          <MethodChoice name={`${id}-method`} value={method} onChange={setMethod} disabled={busy} />
          {method === 'email' ? (
            emailResult ? (
              <EmailResultView result={emailResult} current={currentEmail} name={user.displayName} />
            ) : (
              <>
                {!user.email && <NoEmailHint name={user.displayName} />}
                {user.email && <p>The email goes to {user.email}. Its link works once.</p>}
                <EmailTemplateSelect
                  org={org}
                  value={templateId}
                  onChange={setTemplateId}
                  disabled={busy || !user.email}
                />
                <p>
                  <button
                    type="button"
                    className="button button--primary"
                    onClick={() => void sendEmail()}
                    disabled={busy || !user.email}
                  >
                    Proceed &amp; send email
                  </button>
                </p>
              </>
            )
          ) : code && user.enrollment === 'enrolled' ? (
            // The page looked again while the code was live: the member used it. The countdown stops.
            <p>The code has been used: {user.displayName} is Enrolled.</p>
          ) : code ? (
            <EnrollmentCodeView
              org={org}
              code={code}
              name={user.displayName}
              username={user.username}
              onNewCode={() => void generateCode()}
              busy={busy}
            />
          ) : (
            <p>
              <button
                type="button"
                className="button button--primary"
                onClick={() => void generateCode()}
                disabled={busy}
              >
                Generate 9-character code
              </button>
            </p>
          )}
          {stepUp.panel}
          <Alert message={error} />
          <div className="actions">
            <button type="button" className="button" onClick={close} disabled={busy}>
              {done ? 'Close' : 'Cancel'}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
