import { createRequire } from 'node:module';

type Server = typeof import('@simplewebauthn/server');
type Helpers = typeof import('@simplewebauthn/server/helpers');

const require = createRequire(import.meta.url);
let server: Server | undefined;
let helpers: Helpers | undefined;

/**
 * @simplewebauthn/server, loaded at its first use rather than at start (it was about a fifth of the
 * server's start-up: its attestation formats bring X.509 and ASN.1 libraries). Its CommonJS build, so
 * that a synchronous check can load it too; everything in src/ goes through here, so there is one copy.
 */
export const webauthnServer = (): Server => (server ??= require('@simplewebauthn/server') as Server);

/** @simplewebauthn/server's helpers (base64url, clientDataJSON, COSE keys, authenticator data): as above. */
export const webauthnHelpers = (): Helpers => (helpers ??= require('@simplewebauthn/server/helpers') as Helpers);
