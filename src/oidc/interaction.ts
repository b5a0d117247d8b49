import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Interaction, Session as ProviderSession } from 'oidc-provider';
import { recordAudit } from '../audit/record-audit.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { policyFor } from '../policy/policy-for.js';
import { resolveSession, type Session } from '../sessions/sessions.js';
import { sha256 } from '../shared/crypto.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { fromFlag } from '../shared/flags.js';
import { getUser, type User } from '../users/users.js';
import { getApp, type OidcClient } from './clients.js';
import { hintedMember, hintedUsername, loginHintOf } from './hints.js';
import { leavesForDevice } from './device-redirect.js';
import { makeGrant, needsConsent, rememberConsent } from './grants.js';
import { SCOPES } from './scopes.js';
import { AMR, acrFor, wantsPhishingResistant } from './sign-in-facts.js';
import { INTERACTION_NEEDS } from './schemas.js';

/** What stands between the member and the app: nothing (null), or the step the sign-in page shows. */
export type InteractionNeed = (typeof INTERACTION_NEEDS)[number];

export interface InteractionInput {
  deps: Deps;
  org: Organisation;
  provider: Provider;
  uid: string;
  /** The raw request and response: the provider reads its interaction cookie, bound to this browser. */
  req: IncomingMessage;
  res: ServerResponse;
  sessionToken: string | undefined;
  context: RequestContext;
}

interface Loaded {
  interaction: Interaction;
  app: OidcClient;
  scopes: string[];
  session?: Session;
  user?: User;
}

// When the sign-in page first asked what is needed (prompt=login): a sign-in made before it does not answer it.
const OPENED_AT = 'latchkeyOpenedAt';

async function openedAt(deps: Deps, interaction: Interaction): Promise<number> {
  const result = (interaction.result ?? {}) as Record<string, unknown>;
  if (typeof result[OPENED_AT] === 'number') return result[OPENED_AT];
  const now = deps.clock();
  interaction.result = { ...result, [OPENED_AT]: now };
  await interaction.persist();
  return now;
}

// The account the member chose on the page (prompt=select_account), by its accountRef.
const CHOSEN_ACCOUNT = 'latchkeyChosenAccount';

const chosenAccount = (interaction: Interaction) => interaction.result?.[CHOSEN_ACCOUNT];

async function load(input: InteractionInput): Promise<Loaded> {
  let interaction: Interaction;
  try {
    interaction = await input.provider.interactionDetails(input.req, input.res);
  } catch (cause) {
    throw new AppError('INTERACTION_NOT_FOUND', { cause });
  }
  if (interaction.uid !== input.uid) throw new AppError('INTERACTION_NOT_FOUND');
  const app = await getApp(input.deps, { orgId: input.org.id, clientId: String(interaction.params.client_id) });
  // Disabled while the member was on its sign-in page: it cannot sign them in, and they are told why.
  if (app.disabled_at !== null) throw new AppError('APP_DISABLED');
  const requested = typeof interaction.params.scope === 'string' ? interaction.params.scope.split(' ') : [];
  const scopes = SCOPES.filter((scope) => requested.includes(scope));
  const session = await resolveSession(input.deps, { orgId: input.org.id, token: input.sessionToken });
  const user = session ? await getUser(input.deps, { orgId: input.org.id, userId: session.user_id }) : undefined;
  return user?.status === 'active' ? { interaction, app, scopes, session, user } : { interaction, app, scopes };
}

async function needOf(input: InteractionInput, loaded: Loaded): Promise<InteractionNeed | null> {
  const { deps } = input;
  const { interaction, session, user } = loaded;
  const params = interaction.params as {
    prompt?: string;
    max_age?: number | string;
    acr_values?: string;
    redirect_uri?: string;
  };
  const prompts = params.prompt?.split(' ') ?? [];
  if (prompts.includes('login')) {
    const opened = await openedAt(deps, interaction);
    if (!session || session.created_at <= opened) return 'fresh-sign-in';
  }
  // The app expects one member (id_token_hint): only their sign-in answers it, whatever else the app asks.
  const hinted = hintedMember(interaction);
  if (hinted !== null && user && hinted !== user.id) return 'fresh-sign-in';
  // prompt=select_account: the member says which account the app gets; a sign-in on the page says it too.
  if (prompts.includes('select_account')) {
    const opened = await openedAt(deps, interaction);
    if (session && user && session.created_at <= opened && chosenAccount(interaction) !== accountRef(session))
      return 'select-account';
  }
  if (!session || !user) return 'sign-in';
  if (params.max_age !== undefined && deps.clock() - session.created_at > Number(params.max_age) * 1000)
    return 'fresh-sign-in';
  if (wantsPhishingResistant(params) && session.method !== 'passkey') return 'passkey';
  if (session.passkey_setup_required === 1 && (await policyFor(deps, { org: input.org, user })).prompt === 'mandatory')
    return 'passkey-setup';
  if (await needsConsent(deps, { app: loaded.app, userId: user.id, scopes: loaded.scopes, prompt: params.prompt }))
    return 'consent';
  // Signed in or not before it, the member says the request is theirs: a sign-in elsewhere (another tab) says nothing.
  if (leavesForDevice({ isPublic: fromFlag(loaded.app.public), redirectUri: params.redirect_uri })) return 'confirm';
  return null;
}

export interface InteractionView {
  app: { name: string };
  need: InteractionNeed | null;
  /** What the app will receive, for the consent screen: no email address for a member who has none. */
  scopes: string[];
  /** Who is signed in, so the consent screen says which account the app gets (null: nobody yet). */
  account: { displayName: string; username: string } | null;
  /** Who the app expects (OpenID Connect's login_hint): the sign-in page fills it in, the member may change it. */
  loginHint: string | null;
  /** Names this Latchkey session, without being it: an answer on the page is given for this account only. */
  accountRef: string | null;
}

const accountRef = (session: Session | undefined) =>
  session ? sha256(`interaction:${session.id}`).slice(0, 32) : null;

export async function describeInteraction(input: InteractionInput): Promise<InteractionView> {
  const loaded = await load(input);
  const { user } = loaded;
  return {
    app: { name: loaded.app.name },
    need: await needOf(input, loaded),
    scopes: loaded.scopes.filter((scope) => scope !== 'email' || !user || Boolean(user.email)),
    account: user ? { displayName: user.display_name, username: user.username } : null,
    loginHint:
      loginHintOf(loaded.interaction) ??
      (await hintedUsername(input.deps, { org: input.org, interaction: loaded.interaction, user })),
    accountRef: accountRef(loaded.session),
  };
}

/** Hands the signed-in member back to the app when nothing more is needed; otherwise says what is. */
export async function continueInteraction(
  input: InteractionInput,
): Promise<{ returnTo: string } | { need: InteractionNeed }> {
  const loaded = await load(input);
  const need = await needOf(input, loaded);
  if (need) return { need };
  return { returnTo: await finish(input, loaded) };
}

/**
 * The member's answer to the page's question: "Allow" (remembered for this member and app) or "Cancel" on the consent
 * screen; "Continue" or "Cancel" where a code would leave for an app on this device (device-redirect.ts); "Continue as"
 * or "Cancel" where the app asked which account (prompt=select_account). Each is given for the account the page showed.
 */
export async function answerConsent(
  input: InteractionInput,
  { allow, account }: { allow: boolean; account?: string },
): Promise<{ returnTo: string } | { need: InteractionNeed }> {
  const loaded = await load(input);
  const need = await needOf(input, loaded);
  const asked = need === 'consent' || need === 'confirm' || need === 'select-account';
  if (!allow) return { returnTo: await abort(input, NOT_TAKEN[asked ? need : 'consent']) };
  // The page named one account; another member signed in since (another tab): the answer is not theirs to give,
  // even where the new member would not be asked.
  if ((asked || account !== undefined) && account !== accountRef(loaded.session))
    throw new AppError('INTERACTION_ACCOUNT_CHANGED');
  if (need === 'select-account') {
    loaded.interaction.result = { ...loaded.interaction.result, [CHOSEN_ACCOUNT]: account };
    await loaded.interaction.persist();
    const next = await needOf(input, loaded);
    return next ? { need: next } : { returnTo: await finish(input, loaded) };
  }
  if (need === 'confirm') return { returnTo: await finish(input, loaded) };
  if (need !== 'consent') return need ? { need } : { returnTo: await finish(input, loaded) };
  await rememberConsent(input.deps, {
    orgId: input.org.id,
    userId: loaded.user!.id,
    clientId: loaded.app.id,
    scopes: loaded.scopes,
    context: input.context,
  });
  return { returnTo: await finish(input, loaded) };
}

// What the app is told when the member goes back to it from a step: the step they did not take.
const NOT_TAKEN: Record<InteractionNeed, string> = {
  'sign-in': 'The member did not sign in.',
  'fresh-sign-in': 'The member did not sign in again.',
  passkey: 'The member did not sign in with a passkey.',
  'passkey-setup': 'The member did not create a passkey.',
  consent: 'The member did not allow the app.',
  confirm: 'The member did not continue to the app.',
  'select-account': 'The member did not choose an account.',
};

/** "Back to the app without signing in": the app is told which step the member did not take. */
export async function goBackToApp(input: InteractionInput): Promise<string> {
  const need = await needOf(input, await load(input));
  return abort(input, NOT_TAKEN[need ?? 'sign-in']);
}

/** The member went back to the app without signing in (or, on the consent screen, without allowing it). */
async function abort(input: InteractionInput, why = NOT_TAKEN['sign-in']): Promise<string> {
  return input.provider.interactionResult(
    input.req,
    input.res,
    { error: 'access_denied', error_description: why },
    { mergeWithLastSubmission: false },
  );
}

async function finish(input: InteractionInput, loaded: Loaded): Promise<string> {
  const { deps, org } = input;
  const session = loaded.session!;
  const grantId = await makeGrant(deps, {
    provider: input.provider,
    orgId: org.id,
    userId: session.user_id,
    clientId: loaded.app.id,
    scopes: loaded.scopes,
    sessionId: session.id,
  });
  const login = {
    accountId: session.user_id,
    acr: acrFor(session.method),
    amr: AMR[session.method],
    loginTs: Math.floor(session.created_at / 1000),
  };
  await handOverProviderSession(input.provider, { interaction: loaded.interaction, login });
  const returnTo = await input.provider.interactionResult(
    input.req,
    input.res,
    // The account is chosen too: this session's, asked (prompt=select_account) or not.
    { login: { ...login, ts: login.loginTs, remember: false }, consent: { grantId }, select_account: {} },
    { mergeWithLastSubmission: false },
  );
  await recordAudit(deps, {
    orgId: org.id,
    type: 'app.authorized',
    userId: session.user_id,
    actorId: session.user_id,
    context: input.context,
    details: { clientId: loaded.app.id, method: session.method, sessionId: session.id },
  });
  return returnTo;
}

/**
 * Another member signed in to Latchkey in this browser while the provider's session there was still the previous
 * member's: Latchkey's sign-in already ended theirs, with their apps. The provider's session is handed to the new
 * member, with none of the previous member's apps; otherwise the provider would first send the browser to confirm a
 * sign-out, which ends the Latchkey session just started and asks for the sign-in again.
 */
async function handOverProviderSession(
  provider: Provider,
  { interaction, login }: { interaction: Interaction; login: Parameters<ProviderSession['loginAccount']>[0] },
): Promise<void> {
  const previous = interaction.session;
  if (!previous?.uid || !previous.accountId || previous.accountId === login.accountId) return;
  const stored = await provider.Session.findByUid(previous.uid);
  if (!stored || stored.accountId !== previous.accountId) return;
  stored.loginAccount(login);
  stored.authorizations = {};
  await stored.persist();
  // The provider checks that the session is still the one the sign-in page began under: it is, handed over.
  previous.accountId = login.accountId;
  await interaction.persist();
}
