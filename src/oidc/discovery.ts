import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';

interface DiscoveryDocument {
  claims_supported?: string[];
  backchannel_logout_session_supported?: boolean;
}

/**
 * Discovery says what the apps are sent. With back-channel logout on, oidc-provider always advertises
 * its sessions (`backchannel_logout_session_supported: true`, `sid` in `claims_supported`; no setting
 * turns that off), but no app is sent a `sid`: apps are registered without
 * backchannel_logout_session_required (clients.ts), so neither their ID tokens nor their logout tokens
 * carry one. Their grants end with the member's Latchkey session, not the provider's, and a logout token
 * names the member (`sub`) only: docs/apps.md, "Logout".
 */
export function discoveryAsSent(): Middleware {
  return async (koa, next) => {
    await next();
    const ctx = koa as unknown as KoaContextWithOIDC;
    if (ctx.oidc?.route !== 'discovery' || ctx.status !== 200) return;
    const document = ctx.body as DiscoveryDocument;
    document.claims_supported = document.claims_supported?.filter((claim) => claim !== 'sid');
    if (document.backchannel_logout_session_supported) document.backchannel_logout_session_supported = false;
  };
}
