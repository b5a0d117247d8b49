import i18next, { type FlatNamespace } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { CardPage } from './shared/Layout';

/**
 * Every page but sign-in is its own chunk, fetched when first opened: the sign-in page (what most
 * visits are) loads one script, and the admin console's code only reaches admins who open it.
 * With the chunk come the messages its page uses that the first script does not carry: all of them, so
 * nothing suspends (and blanks the page) when a part of it appears later. test/web-namespaces.test.ts
 * checks each list against the page's imports.
 */
function lazyPage<K extends string, P extends object>(
  load: () => Promise<Record<K, ComponentType<P>>>,
  name: K,
  namespaces: FlatNamespace[],
) {
  return lazy(async () => {
    const [page] = await Promise.all([load(), i18next.loadNamespaces(namespaces)]);
    return { default: page[name] };
  });
}

const MEMBER: FlatNamespace[] = ['account', 'admin'];
const ADMIN: FlatNamespace[] = [...MEMBER, 'users'];

export const LandingPage = lazyPage(() => import('./sign-in/LandingPage'), 'LandingPage', ['admin']);
export const HomePage = lazyPage(() => import('./account/HomePage'), 'HomePage', [...MEMBER, 'home']);
export const PasskeysPage = lazyPage(() => import('./passkeys/PasskeysPage'), 'PasskeysPage', [...MEMBER, 'passkeys']);
export const SetupPage = lazyPage(() => import('./enrollment/SetupPage'), 'SetupPage', [
  ...MEMBER,
  'passkeys',
  'setup',
]);
export const CreatePasskeyPage = lazyPage(() => import('./passkeys/CreatePasskeyPage'), 'CreatePasskeyPage', [
  ...MEMBER,
  'passkeys',
  'setup',
]);
export const EnrollPage = lazyPage(() => import('./enrollment/EnrollPage'), 'EnrollPage', [
  ...MEMBER,
  'passkeys',
  'setup',
]);
export const AppContinuePage = lazyPage(() => import('./apps/AppContinuePage'), 'AppContinuePage', ['admin', 'apps']);
export const OrgSettingsPasskeysPage = lazyPage(
  () => import('./policy/OrgSettingsPasskeysPage'),
  'OrgSettingsPasskeysPage',
  [...ADMIN, 'policy'],
);
export const OrgSettingsMobileAppsPage = lazyPage(
  () => import('./policy/OrgSettingsMobileAppsPage'),
  'OrgSettingsMobileAppsPage',
  [...ADMIN, 'policy'],
);
export const AdminHomePage = lazyPage(() => import('./admin/home/AdminHomePage'), 'AdminHomePage', [
  ...ADMIN,
  'activity',
  'admin-home',
]);
export const AdminUsersPage = lazyPage(() => import('./admin/users/AdminUsersPage'), 'AdminUsersPage', [
  ...ADMIN,
  'templates',
]);
export const AdminUserPage = lazyPage(() => import('./admin/users/AdminUserPage'), 'AdminUserPage', [
  ...ADMIN,
  'activity',
  'templates',
]);
export const EmailTemplatesPage = lazyPage(() => import('./mail/EmailTemplatesPage'), 'EmailTemplatesPage', [
  ...ADMIN,
  'templates',
]);
export const ActivityPage = lazyPage(() => import('./admin/activity/ActivityPage'), 'ActivityPage', [
  ...ADMIN,
  'activity',
  'admin-home',
]);
export const AppsAdminPage = lazyPage(() => import('./apps/AppsAdminPage'), 'AppsAdminPage', [...ADMIN, 'apps']);
export const PlatformPage = lazyPage(() => import('./platform/PlatformPage'), 'PlatformPage', ['admin', 'platform']);

/** Shown while a page's code is fetched: announced politely, and marked busy. */
function PageLoading() {
  const { t } = useTranslation('common');
  return (
    <CardPage>
      <p role="status" aria-busy="true">
        {t('loading')}
      </p>
    </CardPage>
  );
}

/**
 * A page's code that cannot be fetched (offline, or a new release replaced the files since this tab
 * opened): say so and offer a reload instead of a blank page.
 */
class PageLoadFailed extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <PageLoadFailedMessage /> : this.props.children;
  }
}

function PageLoadFailedMessage() {
  const { t } = useTranslation('common');
  return (
    <CardPage>
      <h1>{t('pageLoadFailedHeading')}</h1>
      <p role="alert">{t('pageLoadFailedText')}</p>
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          {t('reloadButton')}
        </button>
      </p>
    </CardPage>
  );
}

/** Wraps the current page: a loading state while its chunk arrives, an error if it never does. */
export function PageFrame({ page, children }: { page: string; children: ReactNode }) {
  // Keyed by page, so an error on one page does not stick when the person goes to another.
  return (
    <PageLoadFailed key={page}>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </PageLoadFailed>
  );
}
