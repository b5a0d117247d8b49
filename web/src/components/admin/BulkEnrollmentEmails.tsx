import { count } from '../../format';
import { useId, useState } from 'react';
import { orgApi } from '../../api';
import type { AdminUser, BulkEmailResults } from '../../adminApi';
import { Alert, Status } from '../Messages';
import { useStepUp, type AdminSelf } from './useStepUp';

const REASONS: Record<string, string> = {
  not_found: 'no longer exists',
  forbidden: 'outside your authority',
  disabled: 'account disabled',
  no_email: 'no email address',
  not_offered: 'passkeys are not offered to them',
  already_enrolled: 'already Enrolled',
};

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
  const id = useId();
  const [results, setResults] = useState<BulkEmailResults['results'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stepUp = useStepUp(org, admin, 'before sending enrollment links');

  async function send(users: AdminUser[]) {
    setBusy(true);
    setError(null);
    try {
      const answer = await orgApi(org).post<BulkEmailResults>('/admin/users/enrollment-emails', {
        userIds: users.map((u) => u.id),
      });
      setResults(answer.results);
      onSent();
    } catch (err) {
      if (stepUp.needsConfirmation(err, () => void send(users))) return;
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  const sent = results?.filter((r) => r.outcome === 'sent') ?? [];
  const skipped = results?.filter((r) => r.outcome === 'skipped') ?? [];
  const handedOver = sent.some((r) => r.email?.link);
  return (
    <div className="stack" aria-labelledby={`${id}-button`}>
      <p>
        <button
          id={`${id}-button`}
          type="button"
          className="button"
          disabled={busy || selected.length === 0}
          onClick={() => void send(selected)}
        >
          Send enrollment email{selected.length ? ` (${selected.length} selected)` : ''}
        </button>
      </p>
      {stepUp.panel}
      <Alert message={error} />
      {results && (
        <>
          <Status
            message={`${handedOver ? `Link given to admin (no email server) for ${count(sent.length, 'user')}: pass each on by hand` : `Enrollment email queued for ${count(sent.length, 'user')}`}${skipped.length ? `; ${skipped.length} skipped` : ''}.`}
          />
          {(handedOver || skipped.length > 0) && (
            <ul className="items" aria-label="Enrollment emails">
              {results.map((r) => (
                <li key={r.userId} className="item">
                  <span>{r.username ?? 'Unknown user'}</span>{' '}
                  {r.outcome === 'sent' ? (
                    <span className={`pill pill--${r.email?.state ?? 'queued'}`}>
                      {r.email?.link ? 'Link given to admin (no email server)' : 'Queued'}
                    </span>
                  ) : (
                    <span className="muted">Skipped: {REASONS[r.reason ?? ''] ?? r.reason}</span>
                  )}
                  {r.email?.link && (
                    <input
                      aria-label={`Enrollment link for ${r.username ?? r.userId}`}
                      readOnly
                      value={r.email.link}
                      onFocus={(e) => e.target.select()}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
