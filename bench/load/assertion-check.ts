/**
 * One passkey assertion checked two ways on this machine, one thread: @simplewebauthn/server's
 * verifyAuthenticationResponse (imports the key into WebCrypto each time) and Latchkey's verifyAssertion
 * (ES256 through a cached KeyObject). What the hot path saves per sign-in, measured in the same run.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { verifyAssertion } from '../../src/passkeys/verify-assertion.js';
import { cosePublicKey } from '../../test/support/soft-authenticator.js';

const ORIGIN = 'http://localhost:3000';

async function microsecondsPerCall(run: () => Promise<unknown>, seconds: number): Promise<number> {
  for (let i = 0; i < 200; i++) await run();
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < 50; i++) await run();
    count += 50;
  }
  return ((performance.now() - start) * 1000) / count;
}

export async function assertionCheckCosts(seconds = 1): Promise<{ libraryUs: number; latchkeyUs: number }> {
  const { privateKey, publicKey: key } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKey = cosePublicKey(key);
  const challenge = Buffer.from('a challenge of thirty-two bytes!').toString('base64url');
  const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin: ORIGIN }));
  // RP ID hash, flags UP + UV + BE + BS (a synced passkey), counter 0.
  const authData = Buffer.concat([sha256('localhost'), Buffer.from([0x1d]), Buffer.alloc(4)]);
  const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), privateKey);
  const id = randomBytes(32).toString('base64url');
  const response: AuthenticationResponseJSON = {
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON: clientDataJSON.toString('base64url'),
      authenticatorData: authData.toString('base64url'),
      signature: signature.toString('base64url'),
    },
    clientExtensionResults: {},
  };
  const credential = { id, publicKey, counter: 0 };
  const libraryUs = await microsecondsPerCall(
    () =>
      verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: 'localhost',
        credential,
      }),
    seconds,
  );
  const latchkeyUs = await microsecondsPerCall(
    () =>
      verifyAssertion({
        response,
        expectedChallenge: challenge,
        expectedOrigins: [ORIGIN],
        rpId: 'localhost',
        credential,
      }),
    seconds,
  );
  return { libraryUs, latchkeyUs };
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
