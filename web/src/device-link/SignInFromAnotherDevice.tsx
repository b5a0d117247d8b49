import { useEffect, useId, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, errorMessage, orgApi, type DeviceLink, type DeviceLinkStatus } from '../shared/api';
import { BusyButton } from '../shared/BusyButton';
import { Alert } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { useSecondsLeft } from '../shared/hooks';
import { fillPath } from '../shared/routes';

/** How often the new device asks whether its request was approved. */
const POLL_MS = 1000;

type Phase = 'waiting' | 'denied' | 'expired' | 'error';

/** A failed poll worth retrying (no connection, server trouble, too many requests): keep waiting. */
function transient(err: unknown): boolean {
  return !(err instanceof ApiError) || err.status === 0 || err.status === 429 || err.status >= 500;
}

/**
 * Gives a request up: its code stops working on the other device at once. Never awaited (leaving must not wait for
 * the network; a request that could not be cancelled expires in minutes anyway). When the page is going away, as a
 * beacon, which the browser sends after the page is gone.
 */
function cancelRequest(org: string, id: string, { pageGoing }: { pageGoing: boolean }) {
  if (pageGoing) {
    const url = fillPath('/api/o/:org/device-link/:id/cancel', { params: { org, id } });
    navigator.sendBeacon(url, new Blob(['{}'], { type: 'application/json' }));
  } else
    orgApi(org)
      .post('/device-link/:id/cancel', { params: { id } })
      .catch(() => {});
}

function minutesAndSeconds(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * "Sign in from another device", on the new device: shows the code to enter on a device where the
 * person is signed in (Settings > Passkeys > Sign in to another device), and waits for the approval
 * there. Once approved, collects the session and calls `onSignedIn`.
 */
export function SignInFromAnotherDevice({
  org,
  identifier,
  link: firstLink,
  onSignedIn,
  onCancel,
}: {
  org: string;
  identifier: string;
  /** The request made by the button that opened this view. */
  link: DeviceLink;
  onSignedIn: () => void;
  /** Back to the sign-in step. */
  onCancel: () => void;
}) {
  const { t } = useTranslation('device-link');
  const [link, setLink] = useState(firstLink);
  const [phase, setPhase] = useState<Phase>('waiting');
  // A poll that failed but will be retried (no connection, say): shown while it lasts.
  const [pollError, setPollError] = useState<string | null>(null);
  const { run, busy, error, setError } = useAction();
  // Approved on the other device: collecting the session.
  const [approved, setApproved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const secondsLeft = useSecondsLeft(link.expiresAt, phase === 'waiting');

  // The latest callback, for the polling loop (the parent makes a new one every render).
  const signedIn = useRef(onSignedIn);
  useEffect(() => {
    signedIn.current = onSignedIn;
  });

  // Leaving the code any way (Cancel, a new code, another account, a link, closing the tab) gives its request up: a
  // code nobody waits for must not be approvable on the other device. Not once its session was collected.
  const collected = useRef<string | null>(null);
  const shown = useRef<string | null>(null);
  useEffect(() => {
    const id = link.id;
    shown.current = id;
    const leave = () => {
      if (collected.current !== id) cancelRequest(org, id, { pageGoing: true });
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      shown.current = null;
      // After this turn: React's development double mount shows the same code again at once, and keeps it.
      setTimeout(() => {
        if (shown.current !== id && collected.current !== id) cancelRequest(org, id, { pageGoing: false });
      });
    };
  }, [org, link.id]);

  // Screen readers start at the new view's heading (the button that opened it is gone).
  useEffect(() => heading.current?.focus(), []);

  // Ask every second until the other device decides, or the code expires. Stops when the view goes away.
  useEffect(() => {
    if (phase !== 'waiting') return;
    const api = orgApi(org);
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    async function poll() {
      let status: DeviceLinkStatus;
      try {
        status = await api.get('/device-link/:id', { params: { id: link.id } });
      } catch (err) {
        if (!active) return;
        if (transient(err)) {
          setPollError(errorMessage(err));
          schedule();
        } else {
          setError(errorMessage(err));
          setPhase('error');
        }
        return;
      }
      if (!active) return;
      setPollError(null);
      switch (status.state) {
        case 'pending':
          schedule();
          return;
        case 'denied':
        case 'expired':
          setPhase(status.state);
          return;
        case 'completed':
          // Collected already (in another tab of this browser, which shares its cookies): signed in here too.
          collected.current = link.id;
          signedIn.current();
          return;
        case 'approved':
          setApproved(true);
          try {
            await api.post('/device-link/:id/complete', { params: { id: link.id } });
            collected.current = link.id;
          } catch (err) {
            if (!active) return;
            setApproved(false);
            setError(errorMessage(err));
            setPhase('error');
            return;
          }
          if (active) signedIn.current();
      }
    }
    schedule();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [org, link.id, phase, setError]);

  /** "Try again" / "Get a new code": a fresh request with a new code (the one before is given up, below). */
  async function newCode() {
    await run(
      async () => {
        setPollError(null);
        const fresh = await orgApi(org).post('/device-link', { identifier });
        setLink(fresh);
        setPhase('waiting');
      },
      {
        onError: (err) => {
          setError(errorMessage(err));
          setPhase('error');
        },
      },
    );
  }

  const showCode = phase === 'waiting';
  return (
    <section className="device-link" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {t('signInFromAnotherDevice')}
      </h2>
      {showCode && (
        <>
          <p>
            <Trans t={t} i18nKey="goToSettings" components={{ strong: <strong /> }} />
          </p>
          <p className="sign-in-code" data-testid="sign-in-code">
            {link.code}
          </p>
          <p className="countdown">{t('validFor', { time: minutesAndSeconds(secondsLeft) })}</p>
          <p role="status" className="waiting">
            {approved ? t('approvedSigningIn') : t('waitingForApproval')}
          </p>
          {!approved && <p className="hint">{t('checkUsername')}</p>}
          <Alert message={pollError} />
        </>
      )}
      {phase === 'denied' && <Alert message={t('deniedOnOtherDevice')} />}
      {phase === 'expired' && <Alert message={t('codeExpired')} />}
      {phase === 'error' && <Alert message={error} />}
      <div className="stack">
        {phase === 'denied' && (
          <>
            <BusyButton type="button" className="button button--primary button--block" onClick={newCode} busy={busy}>
              {t('tryAgainButton')}
            </BusyButton>
            <BusyButton type="button" className="button button--block" onClick={onCancel} busy={busy}>
              {t('backButton')}
            </BusyButton>
          </>
        )}
        {phase === 'expired' && (
          <BusyButton type="button" className="button button--primary button--block" onClick={newCode} busy={busy}>
            {t('getNewCodeButton')}
          </BusyButton>
        )}
        {phase === 'error' && (
          <BusyButton type="button" className="button button--primary button--block" onClick={newCode} busy={busy}>
            {t('tryAgainButton')}
          </BusyButton>
        )}
        {phase !== 'denied' && (
          <BusyButton type="button" className="button button--block" onClick={onCancel} busy={busy || approved}>
            {t('cancelButton')}
          </BusyButton>
        )}
      </div>
    </section>
  );
}
