import { useEffect, type ReactNode } from 'react';
import { useSignOut } from '../hooks';
import { Link, PLATFORM_ORG, paths, useRouter } from '../router';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher';
import { Alert, Status } from './Messages';

/** A narrow centred card: landing, sign-in and setup pages. */
export function CardPage({ children }: { children: ReactNode }) {
  return (
    <main className="page page--narrow">
      <div className="card">{children}</div>
      <footer className="footer muted">
        Latchkey · <LanguageSwitcher />
      </footer>
    </main>
  );
}

export type AccountPage =
  'home' | 'passkeys' | 'admin-home' | 'org-settings' | 'users' | 'activity' | 'email-templates' | 'apps' | 'platform';

/**
 * The frame of the signed-in pages: organisation, navigation and "Sign out". Admins also get
 * "Admin home", "Org Settings", "Users", "Activity" and "Email templates", and platform operators the "Operator console", once their role is known.
 * Admins' pages end with a link to the technical FAQ for their IT & information security teams.
 */
export function AccountLayout({
  org,
  orgName,
  current,
  role,
  children,
}: {
  org: string;
  orgName?: string;
  current: AccountPage;
  role?: string;
  children: ReactNode;
}) {
  const { signOut, error, busy } = useSignOut(org);
  const { flash, clearFlash } = useRouter();
  // "Added Bob" is about the last action: the next button pressed or form sent makes it stale.
  useEffect(() => {
    if (!flash) return;
    const onAction = (event: Event) => {
      if (event.type === 'submit' || (event.target instanceof Element && event.target.closest('button'))) clearFlash();
    };
    document.addEventListener('click', onAction, true);
    document.addEventListener('submit', onAction, true);
    return () => {
      document.removeEventListener('click', onAction, true);
      document.removeEventListener('submit', onAction, true);
    };
  }, [flash, clearFlash]);
  const isAdmin = role === 'admin' || role === 'operator';
  const isOperator = role === 'operator' && org === PLATFORM_ORG;
  const here = (page: AccountPage) => (current === page ? 'page' : undefined);

  return (
    <>
      <header className="topbar">
        <div className="topbar__inner">
          <span className="topbar__org">{orgName ?? org}</span>
          <nav aria-label="Account" className="topbar__nav">
            <Link to={paths.home(org)} aria-current={here('home')}>
              Home
            </Link>
            <span className="topbar__crumb">
              <span aria-hidden="true" className="muted">
                Settings ›
              </span>{' '}
              <Link to={paths.passkeys(org)} aria-current={here('passkeys')}>
                Passkeys
              </Link>
            </span>
            {isAdmin && (
              <>
                <Link to={paths.adminHome(org)} aria-current={here('admin-home')}>
                  Admin home
                </Link>
                <Link to={paths.orgSettingsPasskeys(org)} aria-current={here('org-settings')}>
                  Org Settings
                </Link>
                <Link to={paths.adminUsers(org)} aria-current={here('users')}>
                  Users
                </Link>
                <Link to={paths.adminActivity(org)} aria-current={here('activity')}>
                  Activity
                </Link>
                <Link to={paths.adminEmailTemplates(org)} aria-current={here('email-templates')}>
                  Email templates
                </Link>
                <Link to={paths.adminApps(org)} aria-current={here('apps')}>
                  Apps
                </Link>
              </>
            )}
            {isOperator && (
              <Link to={paths.platform()} aria-current={here('platform')}>
                Operator console
              </Link>
            )}
          </nav>
          <button type="button" className="button button--quiet" onClick={() => void signOut()} disabled={busy}>
            Sign out
          </button>
        </div>
      </header>
      <main className="page page--wide">
        <Alert message={error} />
        <Status message={flash} />
        {children}
      </main>
      <footer className="footer page page--wide muted">
        Latchkey · <LanguageSwitcher />
        {isAdmin && (
          <>
            {' · '}
            {/* Served by the server from docs/it-security-faq.md (plain text), not a page of this app. */}
            <a href="/docs/it-security-faq">Technical FAQ for IT &amp; Information Security teams</a>
          </>
        )}
      </footer>
    </>
  );
}
