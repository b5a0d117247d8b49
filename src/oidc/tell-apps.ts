import type Provider from 'oidc-provider';

/**
 * Apps with a back-channel logout URI are told their member's session ended (OIDC Back-Channel Logout 1.0),
 * in the background: a slow or absent app must not hold up the member's sign-out.
 */
export function tellAppsSignedOut(provider: Provider, { clientIds, userId }: { clientIds: string[]; userId: string }) {
  void Promise.allSettled(
    clientIds.map(async (id) => {
      const client = (await provider.Client.find(id)) as
        { backchannelLogout(sub: string, sid?: string): Promise<void> } | undefined;
      // No session id: apps are registered without backchannel_logout_session_required, so the provider puts
      // none in the logout token (nor in ID tokens), and discovery does not offer one (discovery.ts).
      await client?.backchannelLogout(userId);
    }),
  );
}
