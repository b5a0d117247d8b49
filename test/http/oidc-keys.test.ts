import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import * as oidc from 'openid-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RETIRED_KEY_KEEP_MS, rotateSigningKeys } from '../../src/oidc/keys.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { deriveKey, unseal } from '../../src/shared/crypto.js';
import { DIALECTS } from '../support/databases.js';
import {
  authorizationRequest,
  follow,
  interactionOf,
  listeningHarness,
  registerApp,
  type TestApp,
} from '../support/oidc.js';

const PASSWORD = 'correct horse battery';

type Jwk = JsonWebKey & { kid: string; alg: string };

const headerOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string; alg: string };

/** Verifies a JWT's signature against a JWKS as an app would (node:crypto, no help from the server). */
function verifies(jwt: string, jwks: Jwk[]): boolean {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const { kid, alg } = headerOf(jwt);
  const jwk = jwks.find((k) => k.kid === kid);
  if (!jwk || jwk.alg !== alg) return false;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const data = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature, 'base64url');
  return alg === 'ES256'
    ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig)
    : verify('sha256', data, key, sig);
}

describe.each(DIALECTS)('OpenID Connect signing keys (%s)', (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let acme: Organisation;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    acme = await h.org('acme');
    await h.user({ org: acme, username: 'ada', password: PASSWORD });
  });
  afterEach(() => h.close());

  const jwks = async (slug = 'acme') => {
    const response = await fetch(`${h.origin}/o/${slug}/oidc/jwks`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { keys: Jwk[] }).keys;
  };
  const kids = async (slug = 'acme') => (await jwks(slug)).map((k) => k.kid).sort();

  async function signIn(app: TestApp) {
    const browser = h.browser();
    const request = await authorizationRequest(app);
    const page = await follow(browser, h.origin, request.url.href);
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    const next = await browser.post(`/api/o/acme/oidc/interaction/${interactionOf(page.location)}/continue`);
    const back = await follow(browser, h.origin, next.body.location);
    return oidc.authorizationCodeGrant(app.config, new URL(back.location), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
    });
  }

  it('publishes old and new keys after a rotation, signs with the new, and drops the old after 24 hours', async () => {
    const app = await registerApp(h, acme);
    const before = await signIn(app);
    const oldKids = await kids();
    expect(oldKids).toHaveLength(2); // RS256 and ES256
    expect(oldKids).toContain(headerOf(before.id_token!).kid);
    expect(verifies(before.id_token!, await jwks())).toBe(true);
    // The check is a real one: another payload under the same signature fails.
    const [head, , sig] = before.id_token!.split('.');
    expect(
      verifies(`${head}.${Buffer.from('{"sub":"someone else"}').toString('base64url')}.${sig}`, await jwks()),
    ).toBe(false);

    const { kids: newKids } = await rotateSigningKeys(h.deps, { orgId: acme.id, actor: null });
    expect(await kids()).toEqual([...oldKids, ...newKids].sort());
    // A token signed before the rotation still verifies against the published keys.
    expect(verifies(before.id_token!, await jwks())).toBe(true);

    // A new ID token (here from a refresh) is signed with the new key of its algorithm.
    const after = await oidc.refreshTokenGrant(app.config, before.refresh_token!);
    const header = headerOf(after.id_token!);
    expect(header.alg).toBe('RS256');
    expect(newKids).toContain(header.kid);
    expect((await jwks()).find((k) => k.kid === header.kid)!.alg).toBe('RS256');
    expect(verifies(after.id_token!, await jwks())).toBe(true);

    h.advance(RETIRED_KEY_KEEP_MS - 60_000);
    expect(await kids()).toEqual([...oldKids, ...newKids].sort());
    h.advance(60_000 + 1);
    expect(await kids()).toEqual([...newKids].sort());
    expect(verifies(before.id_token!, await jwks())).toBe(false);
    expect(verifies(after.id_token!, await jwks())).toBe(true);
  });

  it('stores private keys sealed under the server secret and publishes only public parts', async () => {
    await jwks(); // keys are made at first need
    await rotateSigningKeys(h.deps, { orgId: acme.id, actor: null });
    const rows = await h.deps.db.selectFrom('oidc_keys').selectAll().where('org_id', '=', acme.id).execute();
    expect(rows).toHaveLength(4);
    const key = deriveKey(h.deps.serverSecret, 'oidc-signing-keys');
    for (const row of rows) {
      const jwk = JSON.parse(unseal(key, row.private_jwk_sealed)) as JsonWebKey;
      expect(jwk.d).toEqual(expect.any(String));
      expect(row.private_jwk_sealed).not.toContain(jwk.d);
      expect(row.private_jwk_sealed).not.toContain('"d"');
      expect(JSON.stringify(row)).not.toContain(jwk.d);
      expect(JSON.parse(row.public_jwk)).not.toHaveProperty('d');
      // Another server secret cannot open it.
      expect(() => unseal(deriveKey(Buffer.alloc(32, 1), 'oidc-signing-keys'), row.private_jwk_sealed)).toThrow();
    }
    for (const published of await jwks()) {
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(published).not.toHaveProperty(secret);
    }
  });

  it("gives each organisation its own keys: its JWKS never has another's kids, before or after rotation", async () => {
    const globex = await h.org('globex', 'Globex');
    const acmeKids = await kids('acme');
    const globexKids = await kids('globex');
    expect(globexKids).toHaveLength(2);
    expect(globexKids.filter((kid) => acmeKids.includes(kid))).toEqual([]);

    const { kids: rotated } = await rotateSigningKeys(h.deps, { orgId: acme.id, actor: null });
    expect(await kids('globex')).toEqual(globexKids);
    expect((await kids('globex')).filter((kid) => rotated.includes(kid) || acmeKids.includes(kid))).toEqual([]);
    expect(await kids('acme')).toEqual([...acmeKids, ...rotated].sort());
    const rows = await h.deps.db.selectFrom('oidc_keys').select(['id', 'org_id']).execute();
    expect(
      rows
        .filter((r) => r.org_id === globex.id)
        .map((r) => r.id)
        .sort(),
    ).toEqual(globexKids);
  });
});
