import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi } from '../shared/api';
import type { EnrollmentCode, EnrollmentEmailResult } from '../admin/adminApi';
import { useFocusOnAppear, useReturnFocus } from '../shared/focus';
import { formatDate } from '../shared/format';
import { useAction } from '../shared/useAction';
import { BusyButton } from '../shared/BusyButton';
import { Alert } from '../shared/Messages';
import { EmailResultView } from './EmailResultView';
import { EmailTemplateSelect } from '../mail/EmailTemplateSelect';
import { EnrollmentCodeView } from './EnrollmentCodeView';
import { MethodChoice, NoEmailHint, type EnrollMethod } from './MethodChoice';
import { useStepUp, type UserSectionProps } from '../admin/useStepUp';

/**
 * "Enroll a Passkey": send the user an enrollment email (its link opens the setup page), or generate a
 * 9-character code they enter at /o/<org>/enroll. Either way the user then creates the passkey themselves.
 * To a member the passkey policy does not reach yet, it is "Set up account": the link or code sets a password.
 */
export function EnrollPasskeySection({ org, admin, detail, onChanged, describeError }: UserSectionProps) {
  const { t } = useTranslation('users');
  const id = useId();
  const { user } = detail;
  const [open, setOpen] = useState(false);
  const [method, setMethod] = useState<EnrollMethod>(user.email ? 'email' : 'code');
  const [templateId, setTemplateId] = useState<string | null | undefined>(undefined);
  const [code, setCode] = useState<EnrollmentCode | null>(null);
  const [emailResult, setEmailResult] = useState<EnrollmentEmailResult | null>(null);
  const { run: runAction, busy, error, setError } = useAction();
  const stepUp = useStepUp(org, admin);
  // Opening the panel moves the keyboard to its first choice; closing it, back to the button that opened it.
  const panelStart = useFocusOnAppear<HTMLDivElement>(open);
  const { opener, returnOnClose } = useReturnFocus(open);
  // The page looks again while a code or link is live: when the member has used it, say so (aria-live).
  const [enrolledNow, setEnrolledNow] = useState<string | null>(null);
  const wasPending = useRef(user.enrollment === 'pending');
  useEffect(() => {
    if (wasPending.current && user.enrollment === 'enrolled')
      setEnrolledNow(t('enrolledNow', { username: user.username }));
    wasPending.current = user.enrollment === 'pending';
  }, [user.enrollment, user.username, t]);

  async function run(action: () => Promise<void>): Promise<void> {
    await runAction(
      async () => {
        await action();
        onChanged();
      },
      { describe: (err) => (stepUp.needsConfirmation(err, () => void run(action)) ? '' : (describeError(err) ?? '')) },
    );
  }

  const generateCode = () =>
    run(async () => {
      setCode(null);
      setCode(await orgApi(org).post('/admin/users/:id/enrollment-code', { params: { id: user.id } }));
    });

  const sendEmail = () =>
    run(async () => {
      const body = templateId === undefined ? {} : { templateId };
      setEmailResult(await orgApi(org).post('/admin/users/:id/enrollment-email', body, { params: { id: user.id } }));
    });

  function close() {
    // The code is shown once: closing the panel forgets it.
    setCode(null);
    setEmailResult(null);
    setError(null);
    returnOnClose();
    setOpen(false);
  }

  const done = (method === 'code' && code) || (method === 'email' && emailResult);
  const settingUp = !user.passkeysOffered;
  // A member with a passkey keeps "Enroll a Passkey" (and its note) when passkeys are withdrawn: nothing to set up.
  const heading = settingUp && user.enrollment !== 'enrolled' ? t('setUpHeading') : t('enrollHeading');
  // Beside a password the link or code would set up another one: Recover account is the way for a forgotten one.
  const hasWayIn = user.enrollment === 'enrolled' || (settingUp && user.hasPassword);

  // Enrolled (and not in the middle of handing out a code): a code or link beside their passkey would be
  // a way into the account, so say what to do instead of offering a button the server refuses.
  // One live region that stays in place whatever the section shows, so the news is read out when it comes.
  const announcement = (
    <div role="status" aria-live="polite">
      {enrolledNow && <p className="status">{enrolledNow}</p>}
    </div>
  );
  if (user.status === 'disabled' || (hasWayIn && !open)) {
    return (
      <section className="section" aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`}>{heading}</h2>
        {announcement}
        {user.status === 'disabled' ? (
          <p>{t('enrollDisabled', { name: user.displayName })}</p>
        ) : user.enrollment === 'enrolled' ? (
          <p>{t('enrollAlreadyEnrolled', { name: user.displayName })}</p>
        ) : (
          <p>{t('setUpHasPassword', { name: user.displayName })}</p>
        )}
      </section>
    );
  }
  const currentEmail = emailResult ? detail.emails.find((e) => e.id === emailResult.email.id) : undefined;

  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {announcement}
      <p className="muted">{t(settingUp ? 'setUpIntro' : 'enrollIntro', { name: user.displayName })}</p>
      {detail.enrollmentCode && !code && (
        <p className="hint">{t('earlierCodeValid', { until: formatDate(detail.enrollmentCode.expiresAt) })}</p>
      )}
      {!open ? (
        <p>
          <button type="button" ref={opener} className="button button--primary" onClick={() => setOpen(true)}>
            {heading}
          </button>
        </p>
      ) : (
        <div className="panel stack" role="group" tabIndex={-1} ref={panelStart} aria-label={heading}>
          <MethodChoice name={`${id}-method`} value={method} onChange={setMethod} disabled={busy} />
          {method === 'email' ? (
            emailResult ? (
              <EmailResultView result={emailResult} current={currentEmail} name={user.displayName} />
            ) : (
              <>
                {!user.email && <NoEmailHint name={user.displayName} />}
                {user.email && <p>{t('emailGoesTo', { email: user.email })}</p>}
                {settingUp ? (
                  <p className="hint">{t('passwordEmail')}</p>
                ) : (
                  <EmailTemplateSelect
                    org={org}
                    value={templateId}
                    onChange={setTemplateId}
                    disabled={busy || !user.email}
                  />
                )}
                <p>
                  <BusyButton
                    type="button"
                    className="button button--primary"
                    onClick={() => void sendEmail()}
                    busy={busy}
                    disabled={!user.email}
                  >
                    {t('proceedSendEmail')}
                  </BusyButton>
                </p>
              </>
            )
          ) : code && user.enrollment === 'enrolled' ? (
            // The page looked again while the code was live: the member used it. The countdown stops.
            <p>{t('codeUsed', { name: user.displayName })}</p>
          ) : code ? (
            <EnrollmentCodeView
              org={org}
              code={code}
              name={user.displayName}
              username={user.username}
              activity={detail.activity}
              passkeysOffered={user.passkeysOffered}
              onNewCode={() => void generateCode()}
              busy={busy}
            />
          ) : (
            <p>
              <BusyButton
                type="button"
                className="button button--primary"
                onClick={() => void generateCode()}
                busy={busy}
              >
                {t('generateCode')}
              </BusyButton>
            </p>
          )}
          {stepUp.panel}
          <Alert message={error} />
          {/* While "Confirm it's you" asks, its own Cancel is the one: two would read as the same choice. */}
          {!stepUp.open && (
            <div className="actions">
              <button type="button" className="button" onClick={close} disabled={busy}>
                {done ? t('close') : t('cancel')}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
