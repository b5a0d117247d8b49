import { CreatePasskeyPage } from './pages/CreatePasskeyPage';
import { HomePage } from './pages/HomePage';
import { LandingPage } from './pages/LandingPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrgSettingsPasskeysPage } from './pages/OrgSettingsPasskeysPage';
import { PasskeysPage } from './pages/PasskeysPage';
import { PlatformPage } from './pages/PlatformPage';
import { SetupPage } from './pages/SetupPage';
import { SignInPage } from './pages/SignInPage';
import { RouterProvider, useRouter } from './router';

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
    case 'platform':
      // The operator console: operators are members of the built-in `platform` organisation.
      return <PlatformPage />;
    case 'not-found':
      return <NotFoundPage />;
  }
}

export function App() {
  return (
    <RouterProvider>
      <CurrentPage />
    </RouterProvider>
  );
}
