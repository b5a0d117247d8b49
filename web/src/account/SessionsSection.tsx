import i18next from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi, type Session } from '../shared/api';
import { BusyButton } from '../shared/BusyButton';
import { ItemList } from '../shared/ItemList';
import { SessionMeta } from './SessionMeta';
import { useAuthErrorHandler } from '../shared/hooks';
import { Alert, Loading, Status } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { useReverify, type Verifier } from '../sign-in/useReverify';

/** What a person calls a session: its browser and OS. */
function sessionLabel(session: Session): string {
  return session.userAgentLabel ?? i18next.t('account:unknownBrowser');
}

/** Button names must tell sessions apart: "Sign out Chrome on Linux", then "… (2)" for a second one. */
function signOutNames(sessions: Session[]): Map<string, string> {
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  for (const s of sessions) {
    if (s.current) continue;
    const label = sessionLabel(s);
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    names.set(
      s.id,
      n === 1
        ? i18next.t('account:signOutSessionLabel', { label })
        : i18next.t('account:signOutSessionNth', { label, n }),
    );
  }
  return names;
}

/**
 * "Active sessions": where this account is signed in, with a way to sign any of them out (after "Confirm it's
 * you" when the last verification is over 5 minutes old).
 */
export function SessionsSection({ org, verifier }: { org: string; verifier: Verifier | null }) {
  const api = orgApi(org);
  const { t } = useTranslation('account');
  const handleError = useAuthErrorHandler(org);
  // After signing a session out its button is gone: focus goes to the section's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const { run: runAction, busy, error, setError } = useAction();
  const reverify = useReverify(org, verifier, t('purposeSignOutDevices'));

  const load = useCallback(async () => {
    try {
      const { sessions: list } = await orgApi(org).get('/me/sessions');
      // This device first, then the most recently seen.
      setSessions([...list].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt));
    } catch (err) {
      setError(handleError(err));
    }
  }, [org, handleError, setError]);

  useEffect(() => {
    void load();
  }, [load]);

  async function run(action: () => Promise<string>) {
    await runAction(
      async () => {
        setStatus(null);
        setStatus(await action());
        await load();
        heading.current?.focus();
      },
      { describe: (err) => (reverify.needsConfirmation(err, () => void run(action)) ? null : handleError(err)) },
    );
  }

  const signOutOne = (session: Session) =>
    run(async () => {
      await api.del('/me/sessions/:id', { params: { id: session.id } });
      return t('signedOutSession', { label: sessionLabel(session) });
    });

  const signOutOthers = () =>
    run(async () => {
      const { revoked } = await api.post('/me/sessions/revoke-others');
      return t('signedOutOthers', { count: revoked });
    });

  const names = sessions ? signOutNames(sessions) : new Map<string, string>();
  const others = sessions?.filter((s) => !s.current).length ?? 0;

  return (
    <section className="section">
      <h2 ref={heading} tabIndex={-1}>
        {t('sessionsHeading')}
      </h2>
      <p className="muted">{t('sessionsIntro')}</p>
      <Alert message={error} />
      <Status message={status} />
      {reverify.panel}
      {!sessions ? (
        !error && <Loading />
      ) : (
        <ItemList
          items={sessions}
          actions={(s) =>
            s.current ? undefined : (
              <BusyButton
                type="button"
                className="button"
                aria-label={names.get(s.id)}
                onClick={() => signOutOne(s)}
                busy={busy}
              >
                {t('signOutButton')}
              </BusyButton>
            )
          }
        >
          {(s) => (
            <>
              <p className="item__title">
                {sessionLabel(s)} {s.current && <span className="badge">{t('thisDevice')}</span>}
              </p>
              <SessionMeta session={s} />
            </>
          )}
        </ItemList>
      )}
      {others > 0 && (
        <p>
          <BusyButton type="button" className="button" onClick={signOutOthers} busy={busy}>
            {t('signOutOthersButton')}
          </BusyButton>
        </p>
      )}
    </section>
  );
}
