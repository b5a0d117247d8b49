import type Provider from 'oidc-provider';

/**
 * Apps with a back-channel logout URI are told their member's session ended (OIDC Back-Channel Logout 1.0),
 * in the background: a slow or absent app must not hold up the member's sign-out.
 */
export function tellAppsSignedOut(provider: Provider, { clientIds, userId }: { clientIds: string[]; userId: string }) {
  void Promise.allSettled(
    clientIds.map(async (id) => {
      const client = (await provider.Client.find(id)) as
        { backchannelLogout(sub: string, sid: string): Promise<void> } | undefined;
      await client?.backchannelLogout(userId, '');
    }),
  );
}
