import { useId, useRef, useState } from 'react';
import type { EnrollmentEmailResult, OutboxEmail } from '../../adminApi';
import { formatDate } from '../../format';
import { Alert, Status } from '../Messages';

/** What became of an enrollment email, in words. */
export function emailStateText(email: OutboxEmail): string {
  if (email.state === 'sent') return `Enrollment email sent to ${email.to}`;
  if (email.state === 'handed_over') return `Link given to admin (no email server) for ${email.to}`;
  if (email.state === 'failed') {
    return `The enrollment email to ${email.to} could not be sent${email.lastError ? `: ${email.lastError}` : '.'}`;
  }
  if (email.lastError) {
    const retry = email.nextAttemptAt ? ` Next attempt ${formatDate(email.nextAttemptAt)}.` : '';
    return `Not sent yet: ${email.lastError}.${retry}`;
  }
  return `Enrollment email queued for ${email.to}`;
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
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const email = current ?? result.email;

  async function copy() {
    try {
      await navigator.clipboard.writeText(result.link ?? '');
      setCopied('Link copied');
    } catch {
      // No clipboard access (permission, older browser): select the text so Ctrl+C / Cmd+C copies it.
      field.current?.select();
      setCopied('Press Ctrl+C (or Cmd+C) to copy the selected link');
    }
  }

  if (result.link) {
    return (
      <div className="stack">
        <p className="hint">
          Email is not configured on this server, so the email was not sent. Copy this link and pass it to {name}:
        </p>
        <div className="field">
          <label htmlFor={`${id}-link`}>Enrollment link</label>
          <input id={`${id}-link`} ref={field} readOnly value={result.link} onFocus={(e) => e.target.select()} />
          <p className="field__hint">
            It works once, until {formatDate(result.expiresAt)}. Pass it on privately: whoever opens it can enroll a
            passkey.
          </p>
        </div>
        <p>
          <button type="button" className="button" onClick={() => void copy()}>
            Copy link
          </button>
        </p>
        <Status message={copied} />
      </div>
    );
  }

  const text = emailStateText(email);
  return (
    <div className="stack">
      {email.state === 'failed' || email.lastError ? <Alert message={text} /> : <Status message={text} />}
      <p className="muted">The link in it works once, until {formatDate(result.expiresAt)}.</p>
    </div>
  );
}
