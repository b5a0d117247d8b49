/**
 * A public app's code leaving for a loopback or private-use redirect URI (a desktop, command-line or mobile app): any
 * program on the device can send such a request, with the app's client ID and a loopback port of its own, and redeem
 * the code with its own PKCE verifier (RFC 8252 §8.6). Such a code leaves only once the member has said so on the page.
 */
export function leavesForDevice({ isPublic, redirectUri }: { isPublic: boolean; redirectUri: unknown }): boolean {
  return isPublic && URL.parse(String(redirectUri))?.protocol !== 'https:';
}
