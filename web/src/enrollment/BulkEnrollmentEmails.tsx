import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi } from '../shared/api';
import type { AdminUser, BulkEmailResults } from '../admin/adminApi';
import { useAction } from '../shared/useAction';
import { BusyButton } from '../shared/BusyButton';
import { Alert, Status } from '../shared/Messages';
import { useStepUp, type AdminSelf } from '../admin/useStepUp';
import { HandedOverLink } from './HandedOverLink';

/**
 * "Send enrollment email" to the Pending users selected on the Users page: one action, through the
 * outbox. Without an email server, each link is shown here once, to pass on by hand.
 */
export function BulkEnrollmentEmails({
  org,
  admin,
  selected,
  onSent,
  describeError,
}: {
  org: string;
  admin: AdminSelf | null;
  selected: AdminUser[];
  onSent: () => void;
  describeError: (err: unknown) => string | null;
}) {
  const { t } = useTranslation('users');
  const id = useId();
  const [results, setResults] = useState<BulkEmailResults['results'] | null>(null);
  const { run, busy, error } = useAction();
  const stepUp = useStepUp(org, admin, t('stepUpBulk'));

  async function send(users: AdminUser[]): Promise<void> {
    await run(
      async () => {
        const answer = await orgApi(org).post('/admin/users/enrollment-emails', {
          userIds: users.map((u) => u.id),
        });
        setResults(answer.results);
        onSent();
      },
      { describe: (err) => (stepUp.needsConfirmation(err, () => void send(users)) ? '' : (describeError(err) ?? '')) },
    );
  }

  const sent = results?.filter((r) => r.outcome === 'sent') ?? [];
  const skipped = results?.filter((r) => r.outcome === 'skipped') ?? [];
  const handedOver = sent.some((r) => r.email?.link);
  return (
    <div className="stack" aria-labelledby={`${id}-button`}>
      <p>
        <BusyButton
          id={`${id}-button`}
          type="button"
          className="button"
          busy={busy}
          disabled={selected.length === 0}
          onClick={() => void send(selected)}
        >
          {selected.length ? t('sendEmailSelected', { count: selected.length }) : t('sendEnrollmentEmail')}
        </BusyButton>
      </p>
      {stepUp.panel}
      <Alert message={error} />
      {results && (
        <>
          <Status
            message={
              handedOver
                ? t('bulkHandedOver', { count: sent.length, skipped: skipped.length })
                : t('bulkQueued', { count: sent.length, skipped: skipped.length })
            }
          />
          {(handedOver || skipped.length > 0 || sent.some((r) => r.setsUp === 'password')) && (
            <ul className="items" aria-label={t('enrollmentEmails')}>
              {results.map((r) => (
                <li key={r.userId} className="item">
                  <span>{r.username ?? t('unknownUser')}</span>{' '}
                  {r.outcome === 'sent' ? (
                    <span className={`pill pill--${r.email?.state ?? 'queued'}`}>
                      {r.email?.link ? t('emailState', { state: 'handed_over' }) : t('emailState', { state: 'queued' })}
                    </span>
                  ) : (
                    <span className="muted">{t('skippedReason', { reason: r.reason ?? '' })}</span>
                  )}
                  {r.setsUp === 'password' && <span className="muted"> {t('passwordLinkNote')}</span>}
                  {r.email?.link && <HandedOverLink username={r.username ?? r.userId} link={r.email.link} />}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
