import type { ParseKeys } from 'i18next';
import { createContext, useContext, useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignOut } from './hooks';
import { Link, PLATFORM_ORG, useRouter } from './router';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher';
import { BusyButton } from './BusyButton';
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

/** The links of the account's navigation; web/src/pages.tsx gives each its page (its table accepts no other). */
export type AccountPage =
  'home' | 'passkeys' | 'admin-home' | 'org-settings' | 'users' | 'activity' | 'email-templates' | 'apps' | 'platform';

/** A link of the account's navigation (web/src/pages.tsx lists them), and who sees it. */
export interface NavLink {
  id: AccountPage;
  to: (org: string) => string;
  label: ParseKeys<'admin'>;
  audience: 'member' | 'admin' | 'operator';
}

/** The navigation's links, given by the app (App.tsx) from its table of pages. */
export const NavLinks = createContext<readonly NavLink[]>([]);

/**
 * The frame of the signed-in pages: organisation, navigation and "Sign out". Admins also get
 * "Admin home", "Org Settings", "Users", "Activity", "Email templates" and "Apps", and platform operators the
 * "Operator console", once their role is known.
 * Admins' pages end with a link to the technical FAQ for their IT & information security teams.
 */
export function AccountLayout({
  org,
  orgName,
  current,
  role,
  table = false,
  children,
}: {
  org: string;
  orgName?: string;
  current: AccountPage;
  role?: string;
  /** The page is built around a data table, which gets a desktop's width (base.css, `.page--table`). */
  table?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation('admin');
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

  return (
    <>
      <header className={isAdmin ? 'topbar topbar--admin' : 'topbar'}>
        <div className="topbar__inner">
          <span className="topbar__org">{orgName ?? org}</span>
          <AccountNav org={org} current={current} isAdmin={isAdmin} isOperator={isOperator} />
          <BusyButton type="button" className="button button--quiet" onClick={() => void signOut()} busy={busy}>
            {t('signOut')}
          </BusyButton>
        </div>
      </header>
      <main className={table ? 'page page--table' : 'page page--wide'}>
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
            <a href="/docs/it-security-faq">{t('itSecurityFaq')}</a>
          </>
        )}
      </footer>
    </>
  );
}

/**
 * The account's links: one row on a desktop; on a narrow screen a "Menu" button discloses them (a list of nine
 * links wrapped into five rows pushed every page's content below the fold).
 */
function AccountNav({
  org,
  current,
  isAdmin,
  isOperator,
}: {
  org: string;
  current: AccountPage;
  isAdmin: boolean;
  isOperator: boolean;
}) {
  const { t } = useTranslation('admin');
  const navId = useId();
  // Closed again on every page: each page renders its own layout.
  const [open, setOpen] = useState(false);
  const here = (page: AccountPage) => (current === page ? 'page' : undefined);
  const shown = { member: true, admin: isAdmin, operator: isOperator };
  const links = useContext(NavLinks).filter((link) => shown[link.audience]);

  // Escape closes the open menu and gives the keyboard back to its button.
  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    document.getElementById(`${navId}-button`)?.focus();
  }

  return (
    <div className="topbar__menu" onKeyDown={onKeyDown}>
      <button
        type="button"
        id={`${navId}-button`}
        className="button button--quiet topbar__menu-button"
        aria-expanded={open}
        aria-controls={navId}
        onClick={() => setOpen((o) => !o)}
      >
        {t('navMenu')}
      </button>
      <nav id={navId} aria-label={t('navLabel')} className="topbar__nav" data-open={open}>
        {links.map(({ id, to, label }) => (
          <Link key={id} to={to(org)} aria-current={here(id)}>
            {t(label)}
          </Link>
        ))}
      </nav>
    </div>
  );
}
