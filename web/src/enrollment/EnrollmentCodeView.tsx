import { useMemo, useRef } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { ActivityEvent, EnrollmentCode } from '../admin/adminApi';
import { useSecondsLeft } from '../shared/hooks';
import { BusyButton } from '../shared/BusyButton';
import { paths } from '../shared/router';
import { Alert, Status } from '../shared/Messages';
import { useFocusOnAppear } from '../shared/focus';

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
  activity,
  passkeysOffered,
  onNewCode,
  busy,
}: {
  org: string;
  code: EnrollmentCode;
  name: string;
  username: string;
  /** The user's newest events, as the page last loaded them: they say when the code was entered. */
  activity: ActivityEvent[];
  /** False where the rollout has not reached them: with the code they choose a password. */
  passkeysOffered: boolean;
  onNewCode: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation('users');
  // Worked out when a code arrives (a new code, a new deadline).
  const deadline = useMemo(() => Date.now() + code.validForSeconds * 1000, [code]);
  const secondsLeft = useSecondsLeft(deadline, true);
  // What happened to this code, from its events (the page looks again every 2 s while it is live): entered wrong too
  // many times (it no longer works, whatever its countdown), or entered. Matched by the code's id, not by time.
  const ofThisCode = (e: ActivityEvent) => e.details.codeId === code.id;
  const voidedNow = activity.some(
    (e) => e.type === 'enrollment_code.failed' && ofThisCode(e) && e.details.voided === true,
  );
  // Kept once seen: later failures (entries after the void) can push that event out of the page's recent activity.
  const voidSeen = useRef<string | null>(null);
  if (voidedNow) voidSeen.current = code.id;
  const voided = voidSeen.current === code.id;
  const expired = secondsLeft === 0 || voided;
  // Entered in time, the code has done its job: the member is creating their passkey, however long that takes.
  const entered = activity.find((e) => e.type === 'enrollment_code.redeemed' && ofThisCode(e));
  const since = (type: ActivityEvent['type']) =>
    activity.some((e) => e.type === type && e.createdAt >= entered!.createdAt);
  // What they did with it, once the page has seen it; else what they are doing.
  const enteredMessage = !entered
    ? ''
    : since('passkey.added')
      ? t('codeEnteredPasskeyCreated', { name })
      : since('password.changed')
        ? t('codeEnteredPasswordChosen', { name })
        : t(passkeysOffered ? 'codeEntered' : 'codeEnteredChoosingPassword', { name });
  const enrollUrl = window.location.origin + paths.enroll(org);
  // A new code replaces the button pressed: the keyboard and screen readers go on from it.
  const start = useFocusOnAppear<HTMLDivElement>(code);

  return (
    <div className="stack" tabIndex={-1} ref={start}>
      {!entered && !expired && <p>{t('shareCode', { name, count: code.validForSeconds })}</p>}
      <p
        className={expired ? 'enrollment-code enrollment-code--expired' : 'enrollment-code'}
        data-testid="enrollment-code"
      >
        {code.code}
      </p>
      {entered ? (
        <Status message={enteredMessage} />
      ) : expired ? (
        <>
          <Alert message={voided ? t('codeVoided') : t('codeExpired')} />
          <p>
            <BusyButton type="button" className="button" onClick={onNewCode} busy={busy}>
              {t('generateNewCode')}
            </BusyButton>
          </p>
        </>
      ) : (
        // A timer is not read out every second; the person reads it when they look.
        <p className="countdown" role="timer">
          {t('expiresIn', { seconds: secondsLeft })}
        </p>
      )}
      <p className="warning">{t('neverShareCode')}</p>
      <p>
        <Trans t={t} i18nKey="askToOpen" values={{ name, url: enrollUrl, username }} components={{ b: <strong /> }} />
      </p>
    </div>
  );
}
