import { useState, type ReactNode } from 'react';
import { errorMessage, orgApi } from '../api';
import { Link, paths } from '../router';
import { Alert } from './Messages';

/** A narrow centred card: landing, sign-in and setup pages. */
export function CardPage({ children }: { children: ReactNode }) {
  return (
    <main className="page page--narrow">
      <div className="card">{children}</div>
      <p className="footer muted">Latchkey</p>
    </main>
  );
}

/** The frame of the signed-in pages: organisation, navigation and "Sign out". */
export function AccountLayout({ org, orgName, current, children }: { org: string; orgName?: string; current: 'home' | 'passkeys'; children: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signOut() {
    setBusy(true);
    setError(null);
    try {
      await orgApi(org).post('/sign-out');
      // A full page load, not an in-app navigation: nothing the signed-in pages held stays in memory.
      window.location.assign(paths.signIn(org));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <>
      <header className="topbar">
        <div className="topbar__inner">
          <span className="topbar__org">{orgName ?? org}</span>
          <nav aria-label="Account" className="topbar__nav">
            <Link to={paths.home(org)} aria-current={current === 'home' ? 'page' : undefined}>
              Home
            </Link>
            <span className="topbar__crumb">
              <span aria-hidden="true" className="muted">Settings ›</span>{' '}
              <Link to={paths.passkeys(org)} aria-current={current === 'passkeys' ? 'page' : undefined}>
                Passkeys
              </Link>
            </span>
          </nav>
          <button type="button" className="button button--quiet" onClick={signOut} disabled={busy}>
            Sign out
          </button>
        </div>
      </header>
      <main className="page page--wide">
        <Alert message={error} />
        {children}
      </main>
    </>
  );
}
