import { createContext, useCallback, useContext, useEffect, useMemo, useState, type MouseEvent, type ReactNode } from 'react';

/** The pages of the app, matched from `location.pathname`. */
export type Route =
  | { page: 'landing' }
  | { page: 'sign-in'; org: string }
  | { page: 'home'; org: string }
  | { page: 'passkeys'; org: string }
  | { page: 'setup'; org: string }
  | { page: 'platform' }
  | { page: 'not-found' };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'landing' };
  if (pathname === '/platform' || pathname === '/platform/') return { page: 'platform' };
  const m = /^\/o\/([^/]+)(\/.*)?$/.exec(pathname);
  const org = m?.[1] === undefined ? undefined : decode(m[1]);
  if (!m || !org) return { page: 'not-found' };
  const rest = (m[2] ?? '/').replace(/(.)\/+$/, '$1');
  switch (rest) {
    case '/':
      return { page: 'home', org };
    case '/sign-in':
      return { page: 'sign-in', org };
    case '/settings/passkeys':
      return { page: 'passkeys', org };
    case '/setup':
      return { page: 'setup', org };
    default:
      return { page: 'not-found' };
  }
}

/** Paths inside the app. */
export const paths = {
  home: (org: string) => `/o/${encodeURIComponent(org)}/`,
  signIn: (org: string, next?: string) =>
    `/o/${encodeURIComponent(org)}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`,
  passkeys: (org: string) => `/o/${encodeURIComponent(org)}/settings/passkeys`,
  setup: (org: string) => `/o/${encodeURIComponent(org)}/setup`,
};

/**
 * Where to go after signing in: the `next` path if it is a page of this organisation on this site,
 * else the organisation's home. Never an absolute URL elsewhere (no open redirect).
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
  if (url.origin !== window.location.origin || !url.pathname.startsWith(home)) return home;
  return url.pathname + url.search + url.hash;
}

interface RouterValue {
  route: Route;
  location: { pathname: string; search: string };
  navigate: (to: string, options?: { replace?: boolean }) => void;
}

const RouterContext = createContext<RouterValue | null>(null);

function currentLocation() {
  return { pathname: window.location.pathname, search: window.location.search };
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(currentLocation);

  useEffect(() => {
    const onPopState = () => setLocation(currentLocation());
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    if (options.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    setLocation(currentLocation());
    window.scrollTo(0, 0);
  }, []);

  const value = useMemo(() => ({ route: matchRoute(location.pathname), location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter() outside <RouterProvider>');
  return value;
}

/** An `<a>` that changes page without reloading (plain link behaviour for new tabs and modified clicks). */
export function Link({ to, children, className, ...rest }: { to: string; children: ReactNode; className?: string; 'aria-current'?: 'page' }) {
  const { navigate } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
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
