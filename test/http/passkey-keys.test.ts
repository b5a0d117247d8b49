/**
 * Issue #13, finding 9: a "passkey" whose key can never verify a signature must not be stored, or the
 * member counts as Enrolled with no real way in. And a member's passkeys are capped.
 */
import { generateKeyPairSync } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { Browser, createHarness, ORIGIN, type Harness } from '../support/harness.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

const cose = (entries: Array<[number, number | Uint8Array]>) => isoCBOR.encode(new Map(entries));
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const b64 = (s: string | undefined) => isoBase64URL.toBuffer(s!);

const UNUSABLE: Array<[string, Uint8Array]> = [
  [
    'a P-256 point that is not on the curve',
    cose([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, bytes(32, 1)],
      [-3, bytes(32, 1)],
    ]),
  ],
  [
    'a 64-bit RSA modulus',
    cose([
      [1, 3],
      [3, -257],
      [-1, Uint8Array.from([0xc0, 0, 0, 0, 0, 0, 0, 0xc5])],
      [-2, Uint8Array.from([1, 0, 1])],
    ]),
  ],
  [
    'a 5-byte Ed25519 key',
    cose([
      [1, 1],
      [3, -8],
      [-1, 6],
      [-2, bytes(5, 7)],
    ]),
  ],
  [
    'an EC key on a curve Latchkey does not take (secp256k1)',
    cose([
      [1, 2],
      [3, -7],
      [-1, 8],
      [-2, bytes(32, 1)],
      [-3, bytes(32, 2)],
    ]),
  ],
];

function usableKeys(): Array<[string, Uint8Array]> {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
  const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  return [
    [
      'a 2048-bit RSA key',
      cose([
        [1, 3],
        [3, -257],
        [-1, b64(rsa.n)],
        [-2, b64(rsa.e)],
      ]),
    ],
    [
      'a 32-byte Ed25519 key',
      cose([
        [1, 1],
        [3, -8],
        [-1, 6],
        [-2, b64(ed.x)],
      ]),
    ],
  ];
}

/** Each from a new authenticator: one authenticator holds one passkey per account. */
async function register(browser: Browser, overrides: Parameters<SoftAuthenticator['register']>[1]) {
  const options = await browser.post('/api/o/acme/me/passkeys/options');
  if (options.status !== 200) return options;
  const response = await new SoftAuthenticator({ origin: ORIGIN }).register(options.body.options, overrides);
  return browser.post('/api/o/acme/me/passkeys', { response });
}

describe.each(DIALECTS)('Registration refuses unusable keys (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  async function signedIn(env: Record<string, string> = {}) {
    h = await createHarness(dialect, env);
    const org = await h.org();
    await h.user({ org, username: 'ada', password: 'correct horse battery' });
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    return browser;
  }

  const passkeyCount = async (browser: Browser) => (await browser.get('/api/o/acme/me/passkeys')).body.passkeys.length;

  it('refuses unusable keys with PASSKEY_KEY_UNSUPPORTED and leaves the member Pending', async () => {
    const browser = await signedIn();
    for (const [label, key] of UNUSABLE) {
      const result = await register(browser, { cosePublicKey: key });
      expect([label, result.status, result.body.error?.code]).toEqual([label, 400, 'PASSKEY_KEY_UNSUPPORTED']);
    }
    expect(await passkeyCount(browser)).toBe(0);
    const added = await h.deps.db.selectFrom('audit_events').select('id').where('type', '=', 'passkey.added').execute();
    expect(added).toHaveLength(0);
  });

  it('accepts a 2048-bit RSA key and a 32-byte Ed25519 key', async () => {
    const browser = await signedIn();
    for (const [label, key] of usableKeys()) {
      const result = await register(browser, { cosePublicKey: key });
      expect([label, result.status]).toEqual([label, 200]);
    }
    expect(await passkeyCount(browser)).toBe(2);
  });

  it('refuses a credential id over 1023 bytes and takes one of exactly 1023', async () => {
    const browser = await signedIn();
    const tooLong = await register(browser, { credentialIdBytes: 1024 });
    expect([tooLong.status, tooLong.body.error?.code]).toEqual([400, 'PASSKEY_RESPONSE_INVALID']);
    expect(await passkeyCount(browser)).toBe(0);
    expect((await register(browser, { credentialIdBytes: 1023 })).status).toBe(200);
  });

  it('refuses the 21st passkey with PASSKEY_LIMIT_REACHED (MAX_PASSKEYS_PER_USER defaults to 20)', async () => {
    const browser = await signedIn();
    for (let i = 0; i < 20; i++) expect((await register(browser, {})).status).toBe(200);
    const refused = await browser.post('/api/o/acme/me/passkeys/options');
    expect([refused.status, refused.body.error?.code]).toEqual([409, 'PASSKEY_LIMIT_REACHED']);
    expect(await passkeyCount(browser)).toBe(20);
  });

  it('lets only one of two racing registrations take the last place', async () => {
    const first = await signedIn({ MAX_PASSKEYS_PER_USER: '2' });
    expect((await register(first, {})).status).toBe(200);
    const second = new Browser(await h.secondInstance());
    await second.signInWithPassword('acme', 'ada', 'correct horse battery');
    const [a, b] = await Promise.all([first, second].map((br) => br.post('/api/o/acme/me/passkeys/options')));
    const [ra, rb] = await Promise.all([
      first.post('/api/o/acme/me/passkeys', { response: await first.authenticator.register(a!.body.options) }),
      second.post('/api/o/acme/me/passkeys', { response: await second.authenticator.register(b!.body.options) }),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    expect([ra, rb].find((r) => r.status === 409)!.body.error.code).toBe('PASSKEY_LIMIT_REACHED');
    expect(await passkeyCount(first)).toBe(2);
  });
});
