import { useEffect } from 'react';
import { NAV_LINKS, ORG_PAGES, SITE_PAGES, matchRoute, type Route } from './pages';
import { setPasskeySetupRequiredHandler } from './shared/api';
import { NavLinks } from './shared/Layout';
import { PageFrame } from './shared/PageFrame';
import { RouterProvider, paths, useRouter } from './shared/router';

function CurrentPage({ route }: { route: Route }) {
  // A key per organisation and page, so moving between them starts each page afresh.
  if (route.org === undefined) {
    const { Page } = SITE_PAGES[route.page];
    return <Page />;
  }
  const { Page } = ORG_PAGES[route.page];
  return <Page key={`${route.page}:${route.org}:${route.id}`} org={route.org} id={route.id} />;
}

/**
 * Force Passkey Setup: any request refused with PASSKEY_SETUP_REQUIRED sends the person to the prompt,
 * then back to this page. The prompt and setup pages deal with it themselves.
 */
function usePasskeySetupRedirect() {
  const { navigate } = useRouter();
  useEffect(() => {
    setPasskeySetupRequiredHandler((org) => {
      const here = { pathname: window.location.pathname, search: window.location.search };
      const page = matchRoute(here.pathname).page;
      if (page === 'create-passkey' || page === 'setup') return;
      navigate(paths.createPasskey(org, here.pathname + here.search), { replace: true });
    });
    return () => setPasskeySetupRequiredHandler(null);
  }, [navigate]);
}

function Page() {
  const { location } = useRouter();
  usePasskeySetupRedirect();
  const route = matchRoute(location.pathname);
  return (
    <PageFrame page={route.page}>
      <CurrentPage route={route} />
    </PageFrame>
  );
}

export function App() {
  return (
    <RouterProvider>
      <NavLinks.Provider value={NAV_LINKS}>
        <Page />
      </NavLinks.Provider>
    </RouterProvider>
  );
}
