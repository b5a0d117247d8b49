import { useTranslation } from 'react-i18next';
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { CardPage } from './components/Layout';

/**
 * Every page but sign-in is its own chunk, fetched when first opened: the sign-in page (what most
 * visits are) loads one script, and the admin console's code only reaches admins who open it.
 */
function lazyPage<K extends string, P extends object>(load: () => Promise<Record<K, ComponentType<P>>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

export const LandingPage = lazyPage(() => import('./pages/LandingPage'), 'LandingPage');
export const HomePage = lazyPage(() => import('./pages/HomePage'), 'HomePage');
export const PasskeysPage = lazyPage(() => import('./pages/PasskeysPage'), 'PasskeysPage');
export const SetupPage = lazyPage(() => import('./pages/SetupPage'), 'SetupPage');
export const CreatePasskeyPage = lazyPage(() => import('./pages/CreatePasskeyPage'), 'CreatePasskeyPage');
export const EnrollPage = lazyPage(() => import('./pages/EnrollPage'), 'EnrollPage');
export const AppContinuePage = lazyPage(() => import('./apps/AppContinuePage'), 'AppContinuePage');
export const OrgSettingsPasskeysPage = lazyPage(
  () => import('./pages/OrgSettingsPasskeysPage'),
  'OrgSettingsPasskeysPage',
);
export const OrgSettingsMobileAppsPage = lazyPage(
  () => import('./pages/OrgSettingsMobileAppsPage'),
  'OrgSettingsMobileAppsPage',
);
export const AdminHomePage = lazyPage(() => import('./pages/AdminHomePage'), 'AdminHomePage');
export const AdminUsersPage = lazyPage(() => import('./pages/AdminUsersPage'), 'AdminUsersPage');
export const AdminUserPage = lazyPage(() => import('./pages/AdminUserPage'), 'AdminUserPage');
export const EmailTemplatesPage = lazyPage(() => import('./pages/EmailTemplatesPage'), 'EmailTemplatesPage');
export const ActivityPage = lazyPage(() => import('./pages/ActivityPage'), 'ActivityPage');
export const AppsAdminPage = lazyPage(() => import('./apps/AppsAdminPage'), 'AppsAdminPage');
export const PlatformPage = lazyPage(() => import('./pages/PlatformPage'), 'PlatformPage');

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
