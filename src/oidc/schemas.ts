import { Type } from '@sinclair/typebox';
import { ADMIN_ERRORS, MEMBER_ERRORS, Ok, type RouteSpec } from '../shared/schemas.js';

/** What an app's sign-in request still needs from the member. */
export const INTERACTION_NEEDS = [
  'sign-in',
  'fresh-sign-in',
  'passkey',
  'passkey-setup',
  'consent',
  'confirm',
  'select-account',
] as const;

export const Uri = Type.String({ minLength: 1, maxLength: 2000 });

export const AppSettings = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  redirectUris: Type.Array(Uri, { minItems: 1, maxItems: 10 }),
  postLogoutRedirectUris: Type.Array(Uri, { maxItems: 10 }),
  backchannelLogoutUri: Type.Union([Uri, Type.Null()]),
  firstParty: Type.Boolean(),
};

export const AppBody = Type.Object({
  clientId: Type.String(),
  public: Type.Boolean(),
  ...AppSettings,
  /** When an admin disabled it; null while it signs members in. */
  disabledAt: Type.Union([Type.Number(), Type.Null()]),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});

export const APP_ERRORS = [...ADMIN_ERRORS, 'APP_INVALID' as const];

export const Need = Type.Union(INTERACTION_NEEDS.map((n) => Type.Literal(n)));

export const Next = Type.Object({ location: Type.Optional(Type.String()), need: Type.Optional(Need) });

export const INTERACTION_ERRORS = ['ORG_NOT_FOUND', 'INTERACTION_NOT_FOUND', 'APP_NOT_FOUND', 'APP_DISABLED'] as const;

/** A step of an app's sign-in request (continue, consent, cancel): answered with where to go next. */
const InteractionStep = { reply: Next, errors: [...INTERACTION_ERRORS] } as const;

/** GET /api/o/:org/admin/apps */
export const GetAdminApps = {
  summary: "The organisation's apps, and the issuer they use",
  reply: Type.Object({ issuer: Type.String(), apps: Type.Array(AppBody) }),
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/apps */
export const PostAdminApps = {
  summary:
    'Add an app: public (browser or native, PKCE) or confidential (server, with a secret shown once) ' +
    '(needs a verification in the last 5 minutes)',
  body: Type.Object({ ...AppSettings, public: Type.Boolean() }, { additionalProperties: false }),
  reply: Type.Object({ app: AppBody, clientSecret: Type.Union([Type.String(), Type.Null()]) }),
  errors: [...APP_ERRORS, 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;

/** PUT /api/o/:org/admin/apps/:clientId */
export const PutAdminAppsClientId = {
  summary:
    "Change an app's name, addresses, back-channel logout or first-party setting " +
    '(needs a verification in the last 5 minutes)',
  body: Type.Object(AppSettings, { additionalProperties: false }),
  reply: Type.Object({ app: AppBody }),
  errors: [...APP_ERRORS, 'APP_NOT_FOUND', 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/apps/:clientId/rotate-secret */
export const PostAdminAppsClientIdRotateSecret = {
  summary:
    'A new secret for a confidential app; ' + 'the old one stops working (needs a verification in the last 5 minutes)',
  reply: Type.Object({ clientSecret: Type.String() }),
  errors: [...APP_ERRORS, 'APP_NOT_FOUND', 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/apps/:clientId/disable */
export const PostAdminAppsClientIdDisable = {
  summary:
    'Disable an app: it keeps its settings and signs no one in; every grant and token issued to it ends ' +
    '(needs a verification in the last 5 minutes)',
  reply: Type.Object({ app: AppBody }),
  errors: [...ADMIN_ERRORS, 'APP_NOT_FOUND', 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/apps/:clientId/enable */
export const PostAdminAppsClientIdEnable = {
  summary: 'Enable a disabled app: it signs members in again (needs a verification in the last 5 minutes)',
  reply: Type.Object({ app: AppBody }),
  errors: [...ADMIN_ERRORS, 'APP_NOT_FOUND', 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;

/** DELETE /api/o/:org/admin/apps/:clientId */
export const DeleteAdminAppsClientId = {
  summary: 'Delete an app with every grant and token issued to it (needs a verification in the last 5 minutes)',
  reply: Ok,
  errors: [...ADMIN_ERRORS, 'APP_NOT_FOUND', 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;

/** GET /api/o/:org/me/apps */
export const GetMeApps = {
  summary: 'Apps you signed in to, with what you allowed them',
  reply: Type.Object({
    apps: Type.Array(
      Type.Object({
        clientId: Type.String(),
        name: Type.String(),
        scopes: Type.Array(Type.String()),
        since: Type.Number(),
        /** An admin disabled the app: it cannot sign the member in. */
        disabled: Type.Boolean(),
      }),
    ),
  }),
  errors: MEMBER_ERRORS,
} as const satisfies RouteSpec;

/** DELETE /api/o/:org/me/apps/:clientId */
export const DeleteMeAppsClientId = {
  summary: "Remove an app's access: it is signed out and must ask again",
  reply: Ok,
  errors: [...MEMBER_ERRORS, 'APP_NOT_FOUND'],
} as const satisfies RouteSpec;

/** GET /api/o/:org/oidc/interaction/:uid/details */
export const GetOidcInteractionUidDetails = {
  summary: 'Which app asks, what it will receive, and what the member still has to do',
  reply: Type.Object({
    app: Type.Object({ name: Type.String() }),
    need: Type.Union([Need, Type.Null()]),
    scopes: Type.Array(Type.String()),
    account: Type.Union([Type.Object({ displayName: Type.String(), username: Type.String() }), Type.Null()]),
    loginHint: Type.Union([Type.String({ description: "The app's login_hint, to fill in the username" }), Type.Null()]),
    accountRef: Type.Union([
      Type.String({ description: "Names the signed-in account for the member's answer (consent): sent back with it" }),
      Type.Null(),
    ]),
  }),
  errors: [...INTERACTION_ERRORS],
} as const satisfies RouteSpec;

/** POST /api/o/:org/oidc/interaction/:uid/continue */
export const PostOidcInteractionUidContinue = {
  summary: 'After signing in: where to go next (the app, or what is still needed)',
  ...InteractionStep,
} as const satisfies RouteSpec;

/** POST /api/o/:org/oidc/interaction/:uid/consent */
export const PostOidcInteractionUidConsent = {
  summary: 'Allow the app (remembered), or continue to an app on this device; or cancel',
  body: Type.Object(
    {
      allow: Type.Boolean(),
      account: Type.Optional(
        Type.String({ maxLength: 64, description: "The details' accountRef: the account the member answers for" }),
      ),
    },
    { additionalProperties: false },
  ),
  reply: Next,
  errors: [...INTERACTION_ERRORS, 'INTERACTION_ACCOUNT_CHANGED'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/oidc/interaction/:uid/cancel */
export const PostOidcInteractionUidCancel = {
  summary: 'Go back to the app without signing in',
  ...InteractionStep,
} as const satisfies RouteSpec;
