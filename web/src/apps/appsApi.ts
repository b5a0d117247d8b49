import type { Reply } from '../../../src/http/contract';

/** An app that signs its users in through the organisation (OpenID Connect client), as admins see it. */
export type AppsList = Reply<'GET /api/o/:org/admin/apps'>;
export type App = AppsList['apps'][number];

export type InteractionDetails = Reply<'GET /api/o/:org/oidc/interaction/:uid/details'>;
/** What an app's sign-in request still needs from the member. */
export type InteractionNeed = NonNullable<InteractionDetails['need']>;

/** An app the member let in (Settings › Apps). */
export type AppAccess = Reply<'GET /api/o/:org/me/apps'>['apps'][number];

/** The browser goes to the server, which either returns to the app or back to the sign-in page. */
export const continueUrl = (org: string, uid: string) =>
  `/api/o/${encodeURIComponent(org)}/oidc/interaction/${encodeURIComponent(uid)}`;
