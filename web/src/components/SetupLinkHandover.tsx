import { useId } from 'react';
import { formatDate } from '../format';

/** A new admin, as the operator's API answers: their setup link shown once, or emailed (SMTP is set). */
export interface NewAdmin {
  username: string;
  setupLink: { url: string; expiresAt: number } | null;
  email: { to: string; state: 'queued' | 'sent' | 'failed' } | null;
}

/** "Setup link emailed to …": where the link went when the operator is not handed it. */
export function emailedText(admin: NewAdmin): string {
  if (!admin.email) return '';
  return admin.email.state === 'failed'
    ? `The setup link for ${admin.username} could not be emailed to ${admin.email.to}; use Add administrator again or the CLI's enroll-link.`
    : `Setup link emailed to ${admin.email.to}${admin.email.state === 'queued' ? ' (queued: it goes out within minutes)' : ''}.`;
}

/** An admin's one-time setup link, shown to the operator once, to copy and pass on. */
export interface Handover {
  orgName: string;
  username: string;
  url: string;
  expiresAt: number;
}

export function SetupLinkHandover({ handover, onDone }: { handover: Handover; onDone: () => void }) {
  const id = useId();
  return (
    <div className="panel stack" role="group" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Setup link for {handover.username}</h3>
      <p>
        Give this link to {handover.username}, an administrator of {handover.orgName}. It works once, until{' '}
        {formatDate(handover.expiresAt)}, and is shown only now.
      </p>
      <label htmlFor={`${id}-link`}>Setup link</label>
      <input id={`${id}-link`} readOnly value={handover.url} onFocus={(e) => e.target.select()} />
      <div className="actions">
        <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(handover.url)}>
          Copy link
        </button>
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
