import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  answerConsent,
  continueInteraction,
  describeInteraction,
  goBackToApp,
  type InteractionInput,
} from '../../oidc/interaction.js';
import type { Deps } from '../../shared/deps.js';
import { readSessionToken } from '../cookies.js';
import { orgOf, requestContext } from '../request-state.js';
import { providerForRequest } from './oidc-provider.js';
import { OrgParams, routeSchemas } from '../schemas.js';
import {
  GetOidcInteractionUidDetails,
  PostOidcInteractionUidCancel,
  PostOidcInteractionUidConsent,
  PostOidcInteractionUidContinue,
} from '../../oidc/schemas.js';

const doc = routeSchemas(['apps (OpenID Connect)']);
const Params = Type.Object({ ...OrgParams.properties, uid: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });
/**
 * An app sent a member here to sign in. The sign-in page shows which app asks and what it needs;
 * once the member's Latchkey session covers the request, they go back to the app.
 */
export function oidcInteractionRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const uidOf = (request: FastifyRequest) => (request.params as { uid: string }).uid;
    const inputOf = async (request: FastifyRequest, reply: FastifyReply): Promise<InteractionInput> => {
      const org = orgOf(request);
      return {
        deps,
        org,
        provider: await providerForRequest(deps, request, org),
        uid: uidOf(request),
        req: request.raw,
        res: reply.raw,
        sessionToken: readSessionToken(deps, request, org.slug),
        context: requestContext(request),
      };
    };
    const signInPage = (request: FastifyRequest) =>
      `/o/${orgOf(request).slug}/sign-in?interaction=${encodeURIComponent(uidOf(request))}`;

    app.get(
      '/oidc/interaction/:uid',
      {
        // A browser navigation (the provider's redirect), not an API call: kept out of the OpenAPI document.
        schema: { hide: true, params: Params },
      },
      async (request, reply) => {
        const next = await continueInteraction(await inputOf(request, reply)).catch(() => ({
          need: 'sign-in' as const,
        }));
        return reply.redirect('returnTo' in next ? next.returnTo : signInPage(request), 303);
      },
    );

    app.get(
      '/oidc/interaction/:uid/details',
      { schema: doc(GetOidcInteractionUidDetails, Params) },
      async (request, reply) => describeInteraction(await inputOf(request, reply)),
    );

    app.post(
      '/oidc/interaction/:uid/continue',
      { schema: doc(PostOidcInteractionUidContinue, Params) },
      async (request, reply) => {
        const next = await continueInteraction(await inputOf(request, reply));
        return 'returnTo' in next ? { location: next.returnTo } : { need: next.need };
      },
    );

    app.post(
      '/oidc/interaction/:uid/consent',
      { schema: doc(PostOidcInteractionUidConsent, Params) },
      async (request, reply) => {
        const next = await answerConsent(await inputOf(request, reply), request.body);
        return 'returnTo' in next ? { location: next.returnTo } : { need: next.need };
      },
    );

    app.post(
      '/oidc/interaction/:uid/cancel',
      { schema: doc(PostOidcInteractionUidCancel, Params) },
      async (request, reply) => ({ location: await goBackToApp(await inputOf(request, reply)) }),
    );
  };
}
