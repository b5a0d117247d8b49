import i18next from 'i18next';
import type { Reply } from '../../../src/http/contract';

/** An app that signs its users in through the organisation (OpenID Connect client), as admins see it. */
export type AppsList = Reply<'GET /api/o/:org/admin/apps'>;
export type App = AppsList['apps'][number];

export type InteractionDetails = Reply<'GET /api/o/:org/oidc/interaction/:uid/details'>;
/** What an app's sign-in request still needs from the member. */
export type InteractionNeed = NonNullable<InteractionDetails['need']>;

/** An app the member let in (Settings › Apps). */
export type AppAccess = Reply<'GET /api/o/:org/me/apps'>['apps'][number];

const SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;
const isKnownScope = (scope: string): scope is (typeof SCOPES)[number] => (SCOPES as readonly string[]).includes(scope);

/** What a scope gives the app, in the member's words and language; an unknown scope as the app named it. */
export function scopeText(scope: string): string {
  return isKnownScope(scope) ? i18next.t(`apps:scope_${scope}`) : scope;
}

/** The browser goes to the server, which either returns to the app or back to the sign-in page. */
export const continueUrl = (org: string, uid: string) =>
  `/api/o/${encodeURIComponent(org)}/oidc/interaction/${encodeURIComponent(uid)}`;
