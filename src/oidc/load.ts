export type OidcModule = typeof import('oidc-provider');

let loading: Promise<OidcModule> | undefined;

/**
 * oidc-provider is the heaviest module the server has (about a fifth of its start-up): loaded when an
 * organisation's provider is first built, not at start. Only `import type` from it elsewhere.
 */
export function loadOidcProvider(): Promise<OidcModule> {
  return (loading ??= import('oidc-provider'));
}
