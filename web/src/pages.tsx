import type { FlatNamespace } from 'i18next';
import type { ComponentType } from 'react';
import type { NavLink } from './shared/Layout';
import { NotFoundPage } from './shared/NotFoundPage';
import { lazyPage } from './shared/PageFrame';
import { SignInPage } from './sign-in/SignInPage';

/**
 * Every page of the app, one entry each: the router matches its path, its code and messages load from
 * here, and the account's navigation lists the entries that have `nav` (in this order). The sign-in page
 * is in the first script (most visits are a sign-in); every other page is a chunk fetched when opened,
 * with the message namespaces its components use beyond the first script's (test/web-namespaces.test.ts).
 */
interface PageEntry {
  path: string;
  /** `id` is the page's path parameter (`:id`), empty on pages without one. */
  Page: ComponentType<{ org: string; id: string }>;
  nav?: Omit<NavLink, 'to'>;
}

/** A page outside any organisation: no props. */
type SitePageEntry = Omit<PageEntry, 'Page'> & { Page: ComponentType };

const MEMBER: FlatNamespace[] = ['account', 'admin'];
const ADMIN: FlatNamespace[] = [...MEMBER, 'users'];

/** The pages of an organisation, under `/o/<org>`. */
export const ORG_PAGES = {
  home: {
    path: '/',
    Page: lazyPage(() => import('./account/HomePage'), 'HomePage', [...MEMBER, 'home']),
    nav: { id: 'home', label: 'navHome', audience: 'member' },
  },
  passkeys: {
    path: '/settings/passkeys',
    Page: lazyPage(() => import('./passkeys/PasskeysPage'), 'PasskeysPage', [...MEMBER, 'passkeys']),
    nav: { id: 'passkeys', label: 'navYourPasskeys', audience: 'member' },
  },
  'sign-in': { path: '/sign-in', Page: SignInPage },
  setup: {
    path: '/setup',
    Page: lazyPage(() => import('./enrollment/SetupPage'), 'SetupPage', [...MEMBER, 'passkeys', 'setup']),
  },
  'create-passkey': {
    path: '/create-passkey',
    Page: lazyPage(() => import('./passkeys/CreatePasskeyPage'), 'CreatePasskeyPage', [...MEMBER, 'passkeys', 'setup']),
  },
  enroll: {
    path: '/enroll',
    Page: lazyPage(() => import('./enrollment/EnrollPage'), 'EnrollPage', [...MEMBER, 'passkeys', 'setup']),
  },
  'app-continue': {
    path: '/continue',
    Page: lazyPage(() => import('./apps/AppContinuePage'), 'AppContinuePage', ['admin', 'apps']),
  },
  // The admin pages keep no cache: each one mounts afresh when opened and fetches its data then.
  'admin-home': {
    path: '/admin',
    Page: lazyPage(() => import('./admin/home/AdminHomePage'), 'AdminHomePage', [...ADMIN, 'activity', 'admin-home']),
    nav: { id: 'admin-home', label: 'navAdminHome', audience: 'admin' },
  },
  'org-settings-passkeys': {
    path: '/admin/settings/passkeys',
    Page: lazyPage(() => import('./policy/OrgSettingsPasskeysPage'), 'OrgSettingsPasskeysPage', [...ADMIN, 'policy']),
    nav: { id: 'org-settings', label: 'navOrgSettings', audience: 'admin' },
  },
  'org-settings-mobile-apps': {
    path: '/admin/settings/mobile-apps',
    Page: lazyPage(() => import('./policy/OrgSettingsMobileAppsPage'), 'OrgSettingsMobileAppsPage', [
      ...ADMIN,
      'policy',
    ]),
  },
  'admin-users': {
    path: '/admin/users',
    Page: lazyPage(() => import('./admin/users/AdminUsersPage'), 'AdminUsersPage', [...ADMIN, 'templates']),
    nav: { id: 'users', label: 'navUsers', audience: 'admin' },
  },
  'admin-user': {
    path: '/admin/users/:id',
    Page: lazyPage(() => import('./admin/users/AdminUserPage'), 'AdminUserPage', [...ADMIN, 'activity', 'templates']),
  },
  'admin-activity': {
    path: '/admin/activity',
    Page: lazyPage(() => import('./admin/activity/ActivityPage'), 'ActivityPage', [...ADMIN, 'activity', 'admin-home']),
    nav: { id: 'activity', label: 'navActivity', audience: 'admin' },
  },
  'admin-email-templates': {
    path: '/admin/email-templates',
    Page: lazyPage(() => import('./mail/EmailTemplatesPage'), 'EmailTemplatesPage', [...ADMIN, 'templates']),
    nav: { id: 'email-templates', label: 'navEmailTemplates', audience: 'admin' },
  },
  'admin-apps': {
    path: '/admin/apps',
    Page: lazyPage(() => import('./apps/AppsAdminPage'), 'AppsAdminPage', [...ADMIN, 'apps']),
    nav: { id: 'apps', label: 'navApps', audience: 'admin' },
  },
} as const satisfies Record<string, PageEntry>;

/** The pages outside any organisation. */
export const SITE_PAGES = {
  landing: { path: '/', Page: lazyPage(() => import('./sign-in/LandingPage'), 'LandingPage', ['admin']) },
  // The operator console: operators are members of the built-in `platform` organisation.
  platform: {
    path: '/platform',
    Page: lazyPage(() => import('./platform/PlatformPage'), 'PlatformPage', [...ADMIN, 'platform']),
    nav: { id: 'platform', label: 'navOperatorConsole', audience: 'operator' },
  },
  'not-found': { path: '', Page: NotFoundPage },
} as const satisfies Record<string, SitePageEntry>;

type OrgPage = keyof typeof ORG_PAGES;
type SitePage = keyof typeof SITE_PAGES;

/** The page matched from `location.pathname`; `id` is its path parameter, empty when it has none. */
export type Route = { page: SitePage; org?: undefined; id: '' } | { page: OrgPage; org: string; id: string };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** `rest` against a path such as `/admin/users/:id`: undefined when it does not match, else the parameter. */
function matchPath(path: string, rest: string): string | undefined {
  const [pattern, param] = path.endsWith('/:id') ? [path.slice(0, -'/:id'.length), true] : [path, false];
  if (!param) return rest === pattern ? '' : undefined;
  const segment = rest.startsWith(`${pattern}/`) ? rest.slice(pattern.length + 1) : '';
  return /^[^/]+$/.test(segment) ? decode(segment) || undefined : undefined;
}

export function matchRoute(pathname: string): Route {
  const site = pathname === '' ? '/' : pathname;
  for (const page of ['landing', 'platform'] as const) {
    const { path } = SITE_PAGES[page];
    if (site === path || (path !== '/' && site === `${path}/`)) return { page, id: '' };
  }
  const m = /^\/o\/([^/]+)(\/.*)?$/.exec(pathname);
  const org = m?.[1] === undefined ? undefined : decode(m[1]);
  if (!m || !org) return { page: 'not-found', id: '' };
  const rest = (m[2] ?? '/').replace(/(.)\/+$/, '$1');
  for (const [page, { path }] of Object.entries(ORG_PAGES) as Array<[OrgPage, PageEntry]>) {
    const id = matchPath(path, rest);
    if (id !== undefined) return { page, org, id };
  }
  return { page: 'not-found', id: '' };
}

/** The account's navigation, in the tables' order: every entry with `nav`. */
export const NAV_LINKS = [
  ...(Object.values(ORG_PAGES) as PageEntry[]).flatMap(({ path, nav }) =>
    nav ? [{ ...nav, to: (org: string) => `/o/${encodeURIComponent(org)}${path}` }] : [],
  ),
  ...(Object.values(SITE_PAGES) as SitePageEntry[]).flatMap(({ path, nav }) =>
    nav ? [{ ...nav, to: () => path }] : [],
  ),
] as NavLink[];
