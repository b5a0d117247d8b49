import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
  type ReactNode,
} from 'react';

/** Paths inside the app. */
export const paths = {
  home: (org: string) => `/o/${encodeURIComponent(org)}/`,
  signIn: (org: string, next?: string) =>
    `/o/${encodeURIComponent(org)}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`,
  passkeys: (org: string) => `/o/${encodeURIComponent(org)}/settings/passkeys`,
  setup: (org: string) => `/o/${encodeURIComponent(org)}/setup`,
  /**
   * The "Create a passkey" prompt after sign-in; `next` is where the person was going. `device`: just
   * signed in from another device, so offer a passkey for this one even if the account has others.
   */
  createPasskey: (org: string, next?: string, { device = false }: { device?: boolean } = {}) => {
    const query = new URLSearchParams();
    if (next) query.set('next', next);
    if (device) query.set('device', '1');
    const search = query.toString();
    return `/o/${encodeURIComponent(org)}/create-passkey${search ? `?${search}` : ''}`;
  },
  orgSettingsPasskeys: (org: string) => `/o/${encodeURIComponent(org)}/admin/settings/passkeys`,
  orgSettingsMobileApps: (org: string) => `/o/${encodeURIComponent(org)}/admin/settings/mobile-apps`,
  /** Enrollment with a code from an admin (no sign-in needed). */
  enroll: (org: string) => `/o/${encodeURIComponent(org)}/enroll`,
  /** The admin home: the rollout card, adoption and recent security events. */
  adminHome: (org: string) => `/o/${encodeURIComponent(org)}/admin`,
  /** Users, optionally opened on the Pending or Enrolled filter. */
  adminUsers: (org: string, status?: 'pending' | 'enrolled') =>
    `/o/${encodeURIComponent(org)}/admin/users${status ? `?status=${status}` : ''}`,
  adminUser: (org: string, id: string) => `/o/${encodeURIComponent(org)}/admin/users/${encodeURIComponent(id)}`,
  adminEmailTemplates: (org: string) => `/o/${encodeURIComponent(org)}/admin/email-templates`,
  adminActivity: (org: string, userId?: string) =>
    `/o/${encodeURIComponent(org)}/admin/activity${userId ? `?userId=${encodeURIComponent(userId)}` : ''}`,
  adminApps: (org: string) => `/o/${encodeURIComponent(org)}/admin/apps`,
  /** Back to an app that sent the member to sign in, through the server. */
  appContinue: (org: string, interaction: string) =>
    `/o/${encodeURIComponent(org)}/continue?interaction=${encodeURIComponent(interaction)}`,
  platform: () => '/platform',
};

/** Where a person lands after signing in with nowhere else to go: an admin on the admin home, others on their home. */
export function landingFor(org: string, role: string | undefined): string {
  return role === 'admin' ? paths.adminHome(org) : paths.home(org);
}

/** The operator console lives outside `/o/platform/`, but signs in with the `platform` organisation. */
export const PLATFORM_ORG = 'platform';

/**
 * Where to go after signing in: the `next` path if it is a page of this organisation on this site,
 * else the organisation's home. Never an absolute URL elsewhere (no open redirect). The one page
 * outside `/o/<org>/` allowed is the operator console, and only after signing in to `platform`.
 */
export function safeNext(org: string, next: string | null): string {
  const home = paths.home(org);
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return home;
  let url: URL;
  try {
    url = new URL(next, window.location.origin);
  } catch {
    return home;
  }
  if (url.origin !== window.location.origin) return home;
  if (org === PLATFORM_ORG && url.pathname === paths.platform()) return paths.platform();
  if (!url.pathname.startsWith(home)) return home;
  return url.pathname + url.search + url.hash;
}

/**
 * Where the "Create a passkey" prompt goes afterwards: a safe `next`, and never the prompt itself
 * (a prompt wrapped in a prompt unwraps to where the inner one was going).
 */
export function promptNext(org: string, next: string | null): string {
  const target = safeNext(org, next);
  const url = new URL(target, window.location.origin);
  if (!isPromptPath(org, url.pathname)) return target;
  const unwrapped = safeNext(org, url.searchParams.get('next'));
  return isPromptPath(org, new URL(unwrapped, window.location.origin).pathname) ? paths.home(org) : unwrapped;
}

/** A path `safeNext` let through (so in this organisation) that is the prompt, with or without trailing slashes. */
function isPromptPath(org: string, pathname: string): boolean {
  return pathname.replace(/(.)\/+$/, '$1') === paths.createPasskey(org);
}

export interface NavigateOptions {
  replace?: boolean;
  /** A confirmation to show once on the page navigated to (role=status), e.g. "Passkey created". */
  flash?: string;
}

interface RouterValue {
  location: { pathname: string; search: string };
  navigate: (to: string, options?: NavigateOptions) => void;
  /** The confirmation brought along by the last navigation, if any. */
  flash: string | null;
  /** Forgets the confirmation (the next action on the page makes it stale). */
  clearFlash: () => void;
}

const RouterContext = createContext<RouterValue | null>(null);

function currentLocation() {
  return { pathname: window.location.pathname, search: window.location.search };
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(currentLocation);
  const [flash, setFlash] = useState<string | null>(null);
  // What had the focus when the person last changed page (a link, a button, Back): see useFocusOnNewPage.
  const [pageChange, setPageChange] = useState<{ focused: Element | null } | null>(null);

  const shownPath = useRef(location.pathname);

  const changeTo = useCallback((flash: string | null) => {
    const next = currentLocation();
    if (next.pathname !== shownPath.current) setPageChange({ focused: document.activeElement });
    shownPath.current = next.pathname;
    setLocation(next);
    setFlash(flash);
  }, []);

  useEffect(() => {
    const onPopState = () => changeTo(null);
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [changeTo]);

  const navigate = useCallback(
    (to: string, options: NavigateOptions = {}) => {
      if (options.replace) window.history.replaceState(null, '', to);
      else window.history.pushState(null, '', to);
      changeTo(options.flash ?? null);
      window.scrollTo(0, 0);
    },
    [changeTo],
  );
  useFocusOnNewPage(pageChange);

  const clearFlash = useCallback(() => setFlash(null), []);
  const value = useMemo(() => ({ location, navigate, flash, clearFlash }), [location, navigate, flash, clearFlash]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

// How long a new page may take to show its heading (its code and data fetched) before focus is left where it is.
const HEADING_WAIT_MS = 10_000;

/**
 * After a change of page inside the app, focus moves to the new page's heading once it is shown, as a page load
 * would start from the top: a screen reader announces the page, and the keyboard goes on from there instead of
 * from a link that is gone (focus on the page's body) or one in the navigation. A page that focused something of
 * its own meanwhile (a field) keeps it; a change of the query alone (the same page) moves nothing.
 */
function useFocusOnNewPage(pageChange: { focused: Element | null } | null) {
  useEffect(() => {
    if (!pageChange) return;
    const settle = () => {
      const heading = document.querySelector<HTMLElement>('main h1');
      if (!heading) return false;
      const active = document.activeElement;
      if (!active || active === document.body || active === pageChange.focused || !active.isConnected) {
        if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
      }
      return true;
    };
    if (settle()) return;
    const observer = new MutationObserver(() => {
      if (settle()) stop();
    });
    const timer = window.setTimeout(() => stop(), HEADING_WAIT_MS);
    const stop = () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
    observer.observe(document.body, { childList: true, subtree: true });
    return stop;
  }, [pageChange]);
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter() outside <RouterProvider>');
  return value;
}

/** An `<a>` that changes page without reloading (plain link behaviour for new tabs and modified clicks). */
export function Link({
  to,
  children,
  className,
  ...rest
}: {
  to: string;
  /** Optional for react-i18next's <Trans>, which puts the link's words in from the catalog. */
  children?: ReactNode;
  className?: string;
  'aria-current'?: 'page';
}) {
  const { navigate } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} {...rest}>
      {children}
    </a>
  );
}

/** Replaces the current page (used for redirects). */
export function Redirect({ to }: { to: string }) {
  const { navigate } = useRouter();
  useEffect(() => navigate(to, { replace: true }), [navigate, to]);
  return null;
}
