import i18next from 'i18next';

/** An app that signs its users in through the organisation (OpenID Connect client), as admins see it. */
export interface App {
  clientId: string;
  name: string;
  public: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  firstParty: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface AppsList {
  issuer: string;
  apps: App[];
}

/** What an app's sign-in request still needs from the member. */
export type InteractionNeed = 'sign-in' | 'fresh-sign-in' | 'passkey' | 'passkey-setup' | 'consent';

export interface InteractionDetails {
  app: { name: string };
  need: InteractionNeed | null;
  scopes: string[];
}

/** An app the member let in (Settings › Apps). */
export interface AppAccess {
  clientId: string;
  name: string;
  scopes: string[];
  since: number;
}

const SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;
const isKnownScope = (scope: string): scope is (typeof SCOPES)[number] => (SCOPES as readonly string[]).includes(scope);

/** What a scope gives the app, in the member's words and language; an unknown scope as the app named it. */
export function scopeText(scope: string): string {
  return isKnownScope(scope) ? i18next.t(`apps:scope_${scope}`) : scope;
}

/** The browser goes to the server, which either returns to the app or back to the sign-in page. */
export const continueUrl = (org: string, uid: string) =>
  `/api/o/${encodeURIComponent(org)}/oidc/interaction/${encodeURIComponent(uid)}`;
