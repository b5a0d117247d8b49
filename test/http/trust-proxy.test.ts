import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

const PROXY = '10.0.0.5';
const CLIENT = '198.51.100.20';

describe.each(DIALECTS)('the client address behind a trusted proxy (%s)', (dialect) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start(trustProxy: string) {
    h = await createHarness(dialect, { TRUST_PROXY: trustProxy, API_REQUESTS_PER_MINUTE: '3' });
    await h.org();
    return h;
  }
  // What a client sends through the proxy: its own X-Forwarded-For, to which the proxy appends what it saw.
  const viaProxy = (h: Harness, forged: string, seen = CLIENT, remoteAddress = PROXY) =>
    h.app.inject({
      method: 'POST',
      url: '/api/o/acme/sign-in/password',
      remoteAddress,
      headers: { 'x-forwarded-for': `${forged}, ${seen}` },
      payload: { identifier: 'nobody', password: 'wrong password' },
    });
  const failedFrom = async (h: Harness) =>
    (await h.deps.db.selectFrom('audit_events').select('ip').where('type', '=', 'sign_in.failed').execute()).map(
      (e) => e.ip,
    );

  it.each([['1'], [`10.0.0.0/8`], [`127.0.0.1, ${PROXY}`]])(
    'TRUST_PROXY=%s: a forged left-most address neither escapes the limit nor reaches the audit log',
    async (trust) => {
      const h = await start(trust);
      for (let n = 1; n <= 3; n++) expect((await viaProxy(h, `6.6.6.${n}`)).statusCode).toBe(401);
      const refused = await viaProxy(h, '6.6.6.4');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('RATE_LIMITED');
      expect(new Set(await failedFrom(h))).toEqual(new Set([CLIENT]));
      // Another client behind the same proxy has its own budget.
      expect((await viaProxy(h, '6.6.6.5', '198.51.100.21')).statusCode).toBe(401);
    },
  );

  it('counts an IPv6 client by its /64: its network shares one budget, the log keeps each address', async () => {
    h = await createHarness(dialect, { TRUST_PROXY: '1', PASSWORD_ATTEMPTS_PER_IP: '3' });
    await h.org();
    const network = '2001:db8:abcd:12';
    // Each guess at another account, from another address of the same network: the per-address limit is all.
    const guess = (n: number, client: string) =>
      h!.app.inject({
        method: 'POST',
        url: '/api/o/acme/sign-in/password',
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': client },
        payload: { identifier: `member${n}`, password: 'wrong password' },
      });
    for (let n = 1; n <= 3; n++) expect((await guess(n, `${network}::${n}`)).statusCode).toBe(401);
    expect((await guess(4, `${network}:ffff:ffff:ffff:ffff`)).statusCode).toBe(429);
    expect((await guess(5, '2001:db8:abcd:13::1')).statusCode).toBe(401); // another network
    expect(new Set(await failedFrom(h))).toEqual(
      new Set([':1', ':2', ':3', 'ffff:ffff:ffff:ffff'].map((n) => `${network}:${n}`).concat('2001:db8:abcd:13::1')),
    );
  });

  it('a request that does not come from a listed proxy is taken at its own address', async () => {
    const h = await start('10.0.0.0/8');
    expect((await viaProxy(h, '6.6.6.1', CLIENT, '203.0.113.9')).statusCode).toBe(401);
    expect(await failedFrom(h)).toEqual(['203.0.113.9']);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored', async () => {
    const h = await start('');
    await viaProxy(h, '6.6.6.1');
    expect(await failedFrom(h)).toEqual([PROXY]);
  });
});
