import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listedSessions, sessionView } from '../../sign-in/listed-sessions.js';
import { endSessions } from '../../sign-in/end-sessions.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import { OrgAndIdParams, OrgParams, routeSchemas } from '../schemas.js';
import { DeleteMeSessionsId, GetMeSessions, PostMeSessionsRevokeOthers } from '../../sessions/schemas.js';

const doc = routeSchemas(['sessions']);
export function meSessionRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/me/sessions', { schema: doc(GetMeSessions, OrgParams) }, async (request) => {
      const { user, session: current } = authOf(request);
      const sessions = await listedSessions(deps, { userId: user.id });
      return {
        sessions: sessions.map((s) => ({ ...sessionView(s), current: s.id === current.id })),
      };
    });

    // A stolen unlocked phone must not sign its owner out of their other devices: "Confirm it's you" first.
    const another = { schema: doc(DeleteMeSessionsId, OrgAndIdParams), config: { requiresRecentVerification: true } };
    app.delete('/me/sessions/:id', another, async (request) => {
      const { user, session } = authOf(request);
      await endSessions(deps, {
        org: orgOf(request),
        userId: user.id,
        sessionId: request.params.id,
        askingSessionId: session.id,
        reason: 'revoked_by_user',
        actorId: user.id,
        context: requestContext(request),
      });
      return { ok: true as const };
    });

    const others = { schema: doc(PostMeSessionsRevokeOthers, OrgParams), config: { requiresRecentVerification: true } };
    app.post('/me/sessions/revoke-others', others, async (request) => {
      const { user, session } = authOf(request);
      const revoked = await endSessions(deps, {
        org: orgOf(request),
        userId: user.id,
        keepSessionId: session.id,
        reason: 'revoked_by_user',
        actorId: user.id,
        context: requestContext(request),
      });
      return { revoked };
    });
  };
}
