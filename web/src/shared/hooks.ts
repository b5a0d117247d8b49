import { useCallback, useEffect, useRef, useState } from 'react';
import { getOrgInfo, isApiError, errorMessage, orgApi, type MeResponse, type OrgInfo } from './api';
import { useAction } from './useAction';
import { applyOrganisationDefault } from '../i18n';
import { promptFor } from '../passkeys/passkeyPrompt';
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
      (info) => {
        // The organisation's language applies where neither the person nor their browser chose one we have.
        void applyOrganisationDefault(info.defaultLanguage);
        if (active) setState({ info, error: null });
      },
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
 * which brings the person back here afterwards. When the page loads, a member the organisation asks
 * for a passkey goes to "Create a passkey" first (unless `prompt` is false: the prompt page itself).
 */
export function useMe(org: string, { prompt = true }: { prompt?: boolean } = {}) {
  const { navigate, location } = useRouter();
  const [me, setMe] = useState<MeResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const here = location.pathname + location.search;
  // The prompt is checked once per page, not after every change on it (deleting a passkey, say).
  const promptChecked = useRef(!prompt);

  const reload = useCallback(async () => {
    try {
      const result = await orgApi(org).get('/me');
      if (!promptChecked.current) {
        promptChecked.current = true;
        if (await promptFor(result)) {
          navigate(paths.createPasskey(org, here), { replace: true });
          return null;
        }
      }
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

/** "Sign out": ends this browser's session, then a full page load of the sign-in page. */
export function useSignOut(org: string) {
  const { run, busy, error } = useAction();
  // Busy until the sign-in page has loaded.
  const signOut = useCallback(
    () =>
      run(
        async () => {
          await orgApi(org).post('/sign-out');
          // A full page load, not an in-app navigation: nothing the signed-in pages held stays in memory.
          window.location.assign(paths.signIn(org));
        },
        { keepBusy: true },
      ),
    [org, run],
  );
  return { signOut, error, busy };
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

/** Seconds until `expiresAt`, ticking every second while `running`. */
export function useSecondsLeft(expiresAt: number, running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [expiresAt, running]);
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

/** `value` once it has stopped changing for `ms`: typing asks the server when the person pauses, not on every key. */
export function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * `value` as of the latest render, for a retry that runs later (after "Confirm it's you"): it sends what the form
 * holds then, edits made meanwhile included, not what it held when first sent.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
