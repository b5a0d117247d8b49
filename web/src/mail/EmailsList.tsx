import { useTranslation } from 'react-i18next';
import { ItemList } from '../shared/ItemList';
import type { OutboxEmail } from '../admin/adminApi';
import { formatDate } from '../shared/format';

/** Enrollment and recovery emails to a user, newest first. Their bodies (with the link) are never shown. */
export function EmailsList({ emails }: { emails: OutboxEmail[] }) {
  const { t } = useTranslation('users');
  return (
    <ItemList label={t('emailsHeading')} empty={t('noEmailsYet')} items={emails}>
      {(e) => (
        <>
          <p className="item__title">
            {e.subject} <span className={`pill pill--${e.state}`}>{t('emailState', { state: e.state })}</span>
          </p>
          <p className="item__meta">
            {[
              t('emailTo', { to: e.to }),
              t('emailPurpose', { purpose: e.purpose }),
              e.state === 'handed_over'
                ? t('linkGivenAt', { date: formatDate(e.createdAt) })
                : t('queuedAt', { date: formatDate(e.createdAt) }),
              ...(e.sentAt ? [t('sentAt', { date: formatDate(e.sentAt) })] : []),
            ].join(' · ')}
          </p>
          {e.state !== 'sent' && (e.lastError || e.nextAttemptAt) && (
            <p className="item__meta">
              {[
                ...(e.lastError
                  ? [
                      e.state === 'failed'
                        ? t('emailNotSent', { error: e.lastError })
                        : t('emailNotSentYet', { error: e.lastError }),
                    ]
                  : []),
                ...(e.nextAttemptAt && e.state === 'queued'
                  ? [t('nextAttempt', { date: formatDate(e.nextAttemptAt) })]
                  : []),
              ].join(' · ')}
            </p>
          )}
        </>
      )}
    </ItemList>
  );
}
