import i18next from 'i18next';
import { orgApi, type CreationOptions, type MeResponse, type RegistrationResponseJSON } from '../shared/api';
import { autoRegister, canCreatePasskey, conditionalCreateAvailable } from './passkeys';
import { landingFor, paths } from '../shared/router';

/**
 * The "Create a passkey" prompt after sign-in and on signed-in pages. The server says what the
 * organisation asks of this member (`policy.prompt`, `session.passkeySetupRequired`); the browser
 * decides whether an optional prompt is worth showing.
 */
export type PromptKind = 'mandatory' | 'optional';

/** The flash after a passkey is created, in the page's language. */
export const passkeyCreated = () => i18next.t('common:passkeyCreated');

/** How long a password sign-in waits for the browser to create a passkey by itself. */
const AUTO_REGISTER_WAIT_MS = 1500;

/** Mandatory: always. Optional: only where this browser can create a passkey; otherwise skipped silently. */
export async function promptFor(me: MeResponse): Promise<PromptKind | null> {
  if (me.session.passkeySetupRequired || me.policy.prompt === 'mandatory') return 'mandatory';
  if (me.policy.prompt === 'optional' && (await canCreatePasskey())) return 'optional';
  return null;
}

/** What the prompt page should ask, from /me (null: nothing to ask, go on). */
export function promptKindOf(me: MeResponse): PromptKind | null {
  if (me.session.passkeySetupRequired || me.policy.prompt === 'mandatory') return 'mandatory';
  return me.policy.prompt === 'optional' ? 'optional' : null;
}

// ---- A passkey created by the browser after the person has moved on to the prompt page ----

type Listener = (org: string) => void;
const listeners = new Set<Listener>();

/** Called when an automatic passkey creation that outlived its wait has been saved. */
export function onBackgroundPasskey(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

async function save(org: string, response: RegistrationResponseJSON): Promise<boolean> {
  try {
    await orgApi(org).post('/me/passkeys', { response });
    return true;
  } catch {
    return false;
  }
}

/**
 * Conditional create after a password sign-in: true when the browser created a passkey (and it is
 * saved) within the wait. Otherwise the request stays pending: the prompt page's "Continue" cancels
 * it, and if the browser completes it first, the passkey is still saved and the prompt moves on.
 */
async function tryAutoRegister(org: string): Promise<boolean> {
  let options: CreationOptions;
  try {
    ({ options } = await orgApi(org).post('/me/passkeys/options'));
  } catch {
    return false;
  }
  const pending = autoRegister(options);
  const timedOut = Symbol('timed out');
  const first = await Promise.race([
    pending,
    new Promise<typeof timedOut>((resolve) => setTimeout(() => resolve(timedOut), AUTO_REGISTER_WAIT_MS)),
  ]);
  if (first === timedOut) {
    void pending.then(async (late) => {
      if (late && (await save(org, late))) for (const listener of listeners) listener(org);
    });
    return false;
  }
  return first !== null && save(org, first);
}

/**
 * Where a fresh sign-in goes: to `target`, or first to the "Create a passkey" prompt. After a
 * password sign-in with an optional prompt, the browser may create the passkey by itself.
 */
export async function afterSignIn(
  org: string,
  target: string,
  method: 'password' | 'passkey',
): Promise<{ to: string; flash?: string }> {
  let me: MeResponse;
  try {
    me = await orgApi(org).get('/me');
  } catch {
    return { to: target };
  }
  // Nowhere in particular to go: an admin starts on the admin home.
  if (target === paths.home(org)) target = landingFor(org, me.user.role);
  const kind = await promptFor(me);
  if (!kind) return { to: target };
  if (
    kind === 'optional' &&
    method === 'password' &&
    (await conditionalCreateAvailable()) &&
    (await tryAutoRegister(org))
  ) {
    return { to: target, flash: passkeyCreated() };
  }
  return { to: paths.createPasskey(org, target) };
}
