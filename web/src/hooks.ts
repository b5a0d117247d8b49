import { useCallback, useEffect, useState } from 'react';
import { getOrgInfo, isApiError, errorMessage, orgApi, type MeResponse, type OrgInfo } from './api';
import { paths, useRouter } from './router';

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Latchkey` : 'Latchkey';
  }, [title]);
}

/** The organisation's public info (name, RP ID, whether passkeys are on). */
export function useOrgInfo(org: string): { info: OrgInfo | null; error: string | null } {
  const [state, setState] = useState<{ info: OrgInfo | null; error: string | null }>({ info: null, error: null });
  useEffect(() => {
    let active = true;
    getOrgInfo(org).then(
      (info) => active && setState({ info, error: null }),
      (err: unknown) => active && setState({ info: null, error: errorMessage(err) }),
    );
    return () => {
      active = false;
    };
  }, [org]);
  return state;
}

/**
 * The signed-in user of this organisation. When nobody is signed in, goes to the sign-in page,
 * which brings the person back here afterwards.
 */
export function useMe(org: string) {
  const { navigate, location } = useRouter();
  const [me, setMe] = useState<MeResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const here = location.pathname + location.search;

  const reload = useCallback(async () => {
    try {
      const result = await orgApi(org).get<MeResponse>('/me');
      setMe(result);
      setError(null);
      return result;
    } catch (err) {
      if (isApiError(err, 'UNAUTHENTICATED')) navigate(paths.signIn(org, here), { replace: true });
      else setError(errorMessage(err));
      return null;
    }
  }, [org, here, navigate]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { me, setMe, error, reload };
}

/** Sends a signed-out person to sign in when a request answers 401; returns the message otherwise. */
export function useAuthErrorHandler(org: string) {
  const { navigate, location } = useRouter();
  return useCallback(
    (err: unknown): string | null => {
      if (isApiError(err, 'UNAUTHENTICATED')) {
        navigate(paths.signIn(org, location.pathname + location.search), { replace: true });
        return null;
      }
      return errorMessage(err);
    },
    [org, navigate, location.pathname, location.search],
  );
}
