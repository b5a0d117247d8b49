import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { userAgentLabel } from '../../passkeys/names.js';
import { listActiveSessions } from '../../sessions/sessions.js';
import { endSessions } from '../../sign-in/end-sessions.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import { Ok, OrgAndIdParams, OrgParams, MEMBER_ERRORS, responses } from '../schemas.js';

const tags = ['sessions'];
const SessionBody = Type.Object({
  id: Type.String(),
  current: Type.Boolean(),
  method: Type.String(),
  userAgentLabel: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Number(),
  lastSeenAt: Type.Number(),
});

export function meSessionRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me/sessions',
      {
        schema: {
          tags,
          summary: 'Your active sessions',
          params: OrgParams,
          response: responses({ 200: Type.Object({ sessions: Type.Array(SessionBody) }) }, MEMBER_ERRORS),
        },
      },
      async (request) => {
        const { user, session: current } = authOf(request);
        const sessions = await listActiveSessions(deps, user.id);
        return {
          sessions: sessions.map((s) => ({
            id: s.id,
            current: s.id === current.id,
            method: s.method,
            userAgentLabel: userAgentLabel(s.user_agent),
            ip: s.ip,
            createdAt: s.created_at,
            lastSeenAt: s.last_seen_at,
          })),
        };
      },
    );

    app.delete(
      '/me/sessions/:id',
      {
        schema: {
          tags,
          summary: 'Sign out one of your sessions',
          params: OrgAndIdParams,
          response: responses({ 200: Ok }, [...MEMBER_ERRORS, 'SESSION_NOT_FOUND']),
        },
      },
      async (request) => {
        const { user } = authOf(request);
        await endSessions(deps, orgOf(request), {
          userId: user.id,
          sessionId: request.params.id,
          reason: 'revoked_by_user',
          actorId: user.id,
          context: requestContext(request),
        });
        return { ok: true as const };
      },
    );

    app.post(
      '/me/sessions/revoke-others',
      {
        schema: {
          tags,
          summary: 'Sign out every session but this one',
          params: OrgParams,
          response: responses({ 200: Type.Object({ revoked: Type.Integer() }) }, MEMBER_ERRORS),
        },
      },
      async (request) => {
        const { user, session } = authOf(request);
        const revoked = await endSessions(deps, orgOf(request), {
          userId: user.id,
          keepSessionId: session.id,
          reason: 'revoked_by_user',
          actorId: user.id,
          context: requestContext(request),
        });
        return { revoked };
      },
    );
  };
}
