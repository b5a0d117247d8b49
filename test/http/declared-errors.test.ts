import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, type ErrorCode } from '../../src/errors.js';
import { reportUndeclaredErrors } from '../../src/http/declared-errors.js';
import { installErrorHandler } from '../../src/http/error-handler.js';
import { ErrorBody, responses } from '../../src/http/schemas.js';
import { Ok } from '../../src/shared/schemas.js';
import { createHarness, type Harness } from '../support/harness.js';

describe('a route answers only the error codes it declares', () => {
  // The check every HTTP test runs (test/support/harness.ts fails the suite at close on a report).
  async function appAnswering(code: ErrorCode) {
    const app = Fastify({ logger: false });
    app.addSchema(ErrorBody);
    installErrorHandler(app);
    const reports: string[] = [];
    reportUndeclaredErrors(app, (route, answered) => void reports.push(`${route}: ${answered}`));
    app.post('/thing', { schema: { response: responses({ 200: Ok }, ['FORBIDDEN']) } }, async () => {
      throw new AppError(code);
    });
    await app.inject({ method: 'POST', url: '/thing', payload: {} });
    await app.close();
    return reports;
  }

  it('reports a code the route does not declare, whatever its status', async () => {
    expect(await appAnswering('USER_EXISTS')).toEqual(['POST /thing 409: USER_EXISTS']);
    // Same status as a declared code (403), another code.
    expect(await appAnswering('REVERIFY_REQUIRED')).toEqual(['POST /thing 403: REVERIFY_REQUIRED']);
  });

  it('lets declared codes and the request refusals every route shares through', async () => {
    expect(await appAnswering('FORBIDDEN')).toEqual([]);
    expect(await appAnswering('RATE_LIMITED')).toEqual([]);
  });

  describe('drift found by the check', () => {
    let h: Harness | undefined;
    afterEach(async () => {
      // close() throws when a route answered a code it does not declare.
      await h?.close();
      h = undefined;
    });

    it('approving another device with a cloned passkey answers the declared PASSKEY_COUNTER_REGRESSED', async () => {
      h = await createHarness('sqlite');
      await h.user({ org: await h.org(), username: 'ada', password: 'correct horse battery' });
      const phone = h.browser();
      await phone.signInWithPassword('acme', 'ada', 'correct horse battery');
      await phone.addPasskey('acme');
      expect((await phone.signInWithPasskey('acme', undefined, { counter: 5 })).status).toBe(200);
      const started = await h.browser().post('/api/o/acme/device-link', { identifier: 'ada' });
      const url = `/api/o/acme/me/device-links/${started.body.id}/approve`;
      const options = await phone.post(`${url}/options`);
      const response = await phone.authenticator.authenticate(options.body.options, { counter: 3 });
      expect((await phone.post(url, { response })).body.error.code).toBe('PASSKEY_COUNTER_REGRESSED');
    });
  });
});
