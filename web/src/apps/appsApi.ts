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

/** The browser goes to the server, which either returns to the app or back to the sign-in page. */
export const continueUrl = (org: string, uid: string) =>
  `/api/o/${encodeURIComponent(org)}/oidc/interaction/${encodeURIComponent(uid)}`;
