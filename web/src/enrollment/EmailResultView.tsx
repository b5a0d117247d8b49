import i18next from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentEmailResult, OutboxEmail } from '../admin/adminApi';
import { formatDate } from '../shared/format';
import { Alert, Status } from '../shared/Messages';
import { Field } from '../shared/Fields';
import { useCopy } from '../shared/useCopy';
import { useFocusOnAppear } from '../shared/focus';

/** What became of an enrollment email, in words. */
export function emailStateText(email: OutboxEmail): string {
  const t = i18next.getFixedT(null, 'users');
  const to = email.to;
  if (email.state === 'sent') return t('emailSentTo', { to });
  if (email.state === 'handed_over') return t('emailHandedOverFor', { to });
  if (email.state === 'failed') {
    return email.lastError ? t('emailFailedBecause', { to, error: email.lastError }) : t('emailFailed', { to });
  }
  if (email.lastError) {
    return email.nextAttemptAt
      ? t('emailRetrying', { error: email.lastError, date: formatDate(email.nextAttemptAt) })
      : t('emailNotSentYetSentence', { error: email.lastError });
  }
  return t('emailQueuedFor', { to });
}

/**
 * After "Proceed & send email": whether the email went. Without SMTP on this server the email cannot go,
 * so the link is shown (this once) to copy and pass on some other way.
 * `current`: the same email as the page last loaded it, which may have been sent since.
 */
export function EmailResultView({
  result,
  current,
  name,
}: {
  result: EnrollmentEmailResult;
  current?: OutboxEmail;
  name: string;
}) {
  const { t } = useTranslation('users');
  const id = useId();
  const { field, said, copy } = useCopy<HTMLInputElement>({ copied: t('linkCopied'), byHand: t('copyLinkByHand') });
  const email = current ?? result.email;
  // The result replaces the button pressed: the keyboard and screen readers go on from it.
  const start = useFocusOnAppear<HTMLDivElement>(result);

  if (result.link) {
    return (
      <div className="stack" tabIndex={-1} ref={start}>
        <p className="hint">{t('noSmtpCopyLink', { name })}</p>
        <Field id={`${id}-link`} label={t('enrollmentLink')}>
          <input id={`${id}-link`} ref={field} readOnly value={result.link} onFocus={(e) => e.target.select()} />
          <p className="field__hint">{t('linkWorksOncePrivately', { until: formatDate(result.expiresAt) })}</p>
        </Field>
        <p>
          <button type="button" className="button" onClick={() => void copy(result.link ?? '')}>
            {t('copyLink')}
          </button>
        </p>
        <Status message={said} />
      </div>
    );
  }

  const text = emailStateText(email);
  return (
    <div className="stack" tabIndex={-1} ref={start}>
      {email.state === 'failed' || email.lastError ? <Alert message={text} /> : <Status message={text} />}
      <p className="muted">{t('linkInItWorksOnce', { until: formatDate(result.expiresAt) })}</p>
    </div>
  );
}
