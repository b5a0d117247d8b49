import { NotFoundPage } from './shared/NotFoundPage';
import { SignInPage } from './sign-in/SignInPage';
import {
  ActivityPage,
  AdminHomePage,
  AdminUserPage,
  AdminUsersPage,
  AppContinuePage,
  AppsAdminPage,
  CreatePasskeyPage,
  EmailTemplatesPage,
  EnrollPage,
  HomePage,
  LandingPage,
  OrgSettingsMobileAppsPage,
  OrgSettingsPasskeysPage,
  PageFrame,
  PasskeysPage,
  PlatformPage,
  SetupPage,
} from './lazyPages';
import { RouterProvider, useRouter } from './shared/router';

function CurrentPage() {
  const { route } = useRouter();
  // A key per organisation and page, so moving between them starts each page afresh.
  switch (route.page) {
    case 'landing':
      return <LandingPage />;
    case 'sign-in':
      return <SignInPage key={`sign-in:${route.org}`} org={route.org} />;
    case 'home':
      return <HomePage key={`home:${route.org}`} org={route.org} />;
    case 'passkeys':
      return <PasskeysPage key={`passkeys:${route.org}`} org={route.org} />;
    case 'setup':
      return <SetupPage key={`setup:${route.org}`} org={route.org} />;
    case 'create-passkey':
      return <CreatePasskeyPage key={`create-passkey:${route.org}`} org={route.org} />;
    case 'org-settings-passkeys':
      return <OrgSettingsPasskeysPage key={`org-settings-passkeys:${route.org}`} org={route.org} />;
    case 'org-settings-mobile-apps':
      return <OrgSettingsMobileAppsPage key={`org-settings-mobile-apps:${route.org}`} org={route.org} />;
    case 'enroll':
      return <EnrollPage key={`enroll:${route.org}`} org={route.org} />;
    // The admin pages keep no cache: each one mounts afresh when opened and fetches its data then.
    case 'admin-home':
      return <AdminHomePage key={`admin-home:${route.org}`} org={route.org} />;
    case 'admin-users':
      return <AdminUsersPage key={`admin-users:${route.org}`} org={route.org} />;
    case 'admin-user':
      return <AdminUserPage key={`admin-user:${route.org}:${route.id}`} org={route.org} id={route.id} />;
    case 'admin-email-templates':
      return <EmailTemplatesPage key={`admin-email-templates:${route.org}`} org={route.org} />;
    case 'admin-activity':
      return <ActivityPage key={`admin-activity:${route.org}`} org={route.org} />;
    case 'admin-apps':
      return <AppsAdminPage key={`admin-apps:${route.org}`} org={route.org} />;
    case 'app-continue':
      return <AppContinuePage key={`app-continue:${route.org}`} org={route.org} />;
    case 'platform':
      // The operator console: operators are members of the built-in `platform` organisation.
      return <PlatformPage />;
    case 'not-found':
      return <NotFoundPage />;
  }
}

// The sign-in page is in the first script (most visits are a sign-in); every other page is fetched when opened.
function Page() {
  const { route } = useRouter();
  return (
    <PageFrame page={route.page}>
      <CurrentPage />
    </PageFrame>
  );
}

export function App() {
  return (
    <RouterProvider>
      <Page />
    </RouterProvider>
  );
}
