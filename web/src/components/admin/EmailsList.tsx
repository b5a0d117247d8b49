import type { EmailState, OutboxEmail } from '../../adminApi';
import { formatDate } from '../../format';

export const EMAIL_STATES: Record<EmailState, string> = {
  sent: 'Sent',
  queued: 'Queued',
  failed: 'Failed',
  handed_over: 'Link given to admin (no email server)',
};

/** Enrollment and recovery emails to a user, newest first. Their bodies (with the link) are never shown. */
export function EmailsList({ emails }: { emails: OutboxEmail[] }) {
  if (emails.length === 0) return <p className="empty">No emails yet.</p>;
  return (
    <ul className="items" aria-label="Emails">
      {emails.map((e) => (
        <li key={e.id} className="item">
          <div className="item__main">
            <p className="item__title">
              {e.subject} <span className={`pill pill--${e.state}`}>{EMAIL_STATES[e.state]}</span>
            </p>
            <p className="item__meta">
              To {e.to} · {e.purpose === 'recovery' ? 'Account recovery' : 'Enrollment'} ·{' '}
              {e.state === 'handed_over' ? 'Link given' : 'Queued'} {formatDate(e.createdAt)}
              {e.sentAt ? ` · Sent ${formatDate(e.sentAt)}` : ''}
            </p>
            {e.state !== 'sent' && (e.lastError || e.nextAttemptAt) && (
              <p className="item__meta">
                {e.lastError ? `${e.state === 'failed' ? 'Not sent' : 'Not sent yet'}: ${e.lastError}` : ''}
                {e.lastError && e.nextAttemptAt && e.state === 'queued' ? ' · ' : ''}
                {e.nextAttemptAt && e.state === 'queued' ? `Next attempt ${formatDate(e.nextAttemptAt)}` : ''}
              </p>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
