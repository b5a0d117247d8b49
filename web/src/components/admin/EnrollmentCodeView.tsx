import { useMemo } from 'react';
import type { EnrollmentCode } from '../../adminApi';
import { count } from '../../format';
import { useSecondsLeft } from '../../hooks';
import { paths } from '../../router';
import { Alert } from '../Messages';

/**
 * The code, shown once, with its countdown. The countdown runs for the server's `validForSeconds` from
 * when the code arrived, on this browser's clock: `expiresAt` is on the server's clock, and a browser
 * clock that is off by a minute would show a fresh code as expired (or an expired one as valid).
 */
export function EnrollmentCodeView({
  org,
  code,
  name,
  username,
  onNewCode,
  busy,
}: {
  org: string;
  code: EnrollmentCode;
  name: string;
  username: string;
  onNewCode: () => void;
  busy: boolean;
}) {
  // Worked out when a code arrives (a new code, a new deadline).
  const deadline = useMemo(() => Date.now() + code.validForSeconds * 1000, [code]);
  const secondsLeft = useSecondsLeft(deadline, true);
  const expired = secondsLeft === 0;
  const enrollUrl = window.location.origin + paths.enroll(org);

  return (
    <div className="stack">
      <p>
        Share this code with {name} by message or over the phone. It works once, for{' '}
        {count(code.validForSeconds, 'second')}.
      </p>
      <p
        className={expired ? 'enrollment-code enrollment-code--expired' : 'enrollment-code'}
        data-testid="enrollment-code"
      >
        {code.code}
      </p>
      {expired ? (
        <>
          <Alert message="This code has expired." />
          <p>
            <button type="button" className="button" onClick={onNewCode} disabled={busy}>
              Generate a new code
            </button>
          </p>
        </>
      ) : (
        // A timer is not read out every second; the person reads it when they look.
        <p className="countdown" role="timer">
          Expires in {secondsLeft} s
        </p>
      )}
      <p className="warning">Never share the code with unauthorized users.</p>
      <p>
        Ask {name} to open {enrollUrl}, enter this code and their username <strong>{username}</strong>.
      </p>
    </div>
  );
}
