/**
 * Two transactions PostgreSQL ends as a deadlock: the one it ends is answered with a coded 409 CONCURRENT_CHANGE the
 * client may send again, not a 500. Latchkey's own changes take their rows in one order and should not deadlock;
 * this is the answer if one ever does.
 */
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../../src/http/error-handler.js';
import { ErrorBody } from '../../src/http/schemas.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

describe.skipIf(!DIALECTS.includes('postgres'))('crossed transactions (postgres)', () => {
  let h: Harness;
  afterEach(() => h.close());

  /** Two transactions, each holding one organisation's row and then asking for the other's: what each ends with. */
  async function deadlock(): Promise<unknown[]> {
    const ids = [(await h.org('one', 'One')).id, (await h.org('two', 'Two')).id];
    let holding = 0;
    let bothHold!: () => void;
    const crossing = new Promise<void>((resolve) => (bothHold = resolve));
    const lock = (id: string) =>
      h.deps.db.transaction().execute(async (tx) => {
        await tx.selectFrom('organisations').select('id').where('id', '=', id).forUpdate().execute();
        if (++holding === 2) bothHold();
        await crossing;
        await tx
          .selectFrom('organisations')
          .select('id')
          .where(
            'id',
            '=',
            ids.find((other) => other !== id)!,
          )
          .forUpdate()
          .execute();
      });
    const ended = await Promise.allSettled(ids.map(lock));
    return ended.map((end) => (end.status === 'rejected' ? end.reason : null));
  }

  it('answers the transaction PostgreSQL ended with CONCURRENT_CHANGE', async () => {
    h = await createHarness('postgres');
    const errors = (await deadlock()).filter((error) => error !== null);
    expect(errors.map((error) => (error as { code?: string }).code)).toEqual(['40P01']);
    const [error] = errors;
    const app = Fastify({ logger: false });
    app.addSchema(ErrorBody);
    installErrorHandler(app);
    app.post('/change', async () => {
      throw error;
    });
    const answer = await app.inject({ method: 'POST', url: '/change', payload: {} });
    await app.close();
    expect([answer.statusCode, answer.json().error.code]).toEqual([409, 'CONCURRENT_CHANGE']);
  });
});
