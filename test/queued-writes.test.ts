import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precompiledWrite } from '../src/db/precompiled.js';
import { inTransaction } from '../src/shared/transaction.js';
import { DIALECTS } from './support/databases.js';
import { createHarness, type Harness } from './support/harness.js';

// A challenge already marked is left as it is: the write changes no row, the condition a caller puts on it.
const mark = precompiledWrite((db, v: { id: string; orgId: string; challenge: string }) =>
  db
    .insertInto('challenges')
    .values({
      id: v.id,
      org_id: v.orgId,
      binding_hash: 'b',
      ceremony: 'authentication',
      challenge: v.challenge,
      user_id: null,
      expires_at: 1,
      created_at: 1,
    })
    .onConflict((conflict) => conflict.columns(['expires_at', 'challenge']).doNothing()),
);

class Refused extends Error {}
const refused = () => new Refused('changed no row');

// Queued writes (issue 11): on PostgreSQL a transaction's queued writes go out without waiting for their answers.
// Whatever goes wrong, the transaction ends as it would if each had been awaited, on both databases.
describe.each(DIALECTS)('queued writes (%s)', (dialect) => {
  let h: Harness;
  let orgId: string;
  beforeEach(async () => {
    h = await createHarness(dialect);
    orgId = (await h.org('acme')).id;
  });
  afterEach(() => h.close());

  const challenges = () => h.deps.db.selectFrom('challenges').select('challenge').orderBy('challenge').execute();
  const marked = (challenge: string) => ({ id: `id-${challenge}`, orgId, challenge });

  it('commit together, in order: a read in the transaction sees the writes queued before it', async () => {
    const seen = await inTransaction(h.deps, async (tx) => {
      await mark.queue(tx, marked('a'), refused);
      await mark.queue(tx, marked('b'), refused);
      return tx.db.selectFrom('challenges').select('challenge').orderBy('challenge').execute();
    });
    expect(seen).toEqual([{ challenge: 'a' }, { challenge: 'b' }]);
    expect(await challenges()).toEqual([{ challenge: 'a' }, { challenge: 'b' }]);
  });

  it("a write that fails its caller's condition stops the transaction there and nothing of it is kept", async () => {
    await mark(h.deps, marked('taken'));
    let reached = false;
    await expect(
      inTransaction(h.deps, async (tx) => {
        await mark.queue(tx, marked('a'), refused);
        await mark.queue(tx, { ...marked('taken'), id: 'another' }, refused);
        await mark.queue(tx, marked('b'), refused);
        // The next awaited statement meets the failure, as the caller would have met it at the write.
        await tx.db.selectFrom('challenges').select('id').execute();
        reached = true;
      }),
    ).rejects.toBeInstanceOf(Refused);
    expect(reached).toBe(false);
    expect(await challenges()).toEqual([{ challenge: 'taken' }]);
  });

  it("of several conditions, the one that failed is its caller's error, thrown instead of the commit", async () => {
    await mark(h.deps, marked('taken'));
    class First extends Error {}
    class Second extends Error {}
    class Third extends Error {}
    await expect(
      inTransaction(h.deps, async (tx) => {
        await mark.queue(tx, marked('a'), () => new First());
        await mark.queue(tx, { ...marked('taken'), id: 'another' }, () => new Second());
        await mark.queue(tx, marked('c'), () => new Third());
      }),
    ).rejects.toBeInstanceOf(Second);
    expect(await challenges()).toEqual([{ challenge: 'taken' }]);
  });

  it('a failed condition on the last write turns the commit into a rollback', async () => {
    await mark(h.deps, marked('taken'));
    await expect(
      inTransaction(h.deps, async (tx) => {
        await mark.queue(tx, marked('a'), refused);
        await mark.queue(tx, { ...marked('taken'), id: 'another' }, refused);
      }),
    ).rejects.toBeInstanceOf(Refused);
    expect(await challenges()).toEqual([{ challenge: 'taken' }]);
  });

  it("the database's own refusal is thrown as itself, not as the aborted transaction after it", async () => {
    const failure = inTransaction(h.deps, async (tx) => {
      await mark.queue(tx, marked('a'), refused);
      await mark.queue(tx, { ...marked('b'), orgId: 'no-such-organisation' });
      await mark.queue(tx, marked('c'), refused);
      await tx.db.selectFrom('challenges').select('id').execute();
    });
    await expect(failure).rejects.toThrow(/foreign key/i);
    expect(await challenges()).toEqual([]);
  });

  it('a write the database refuses last, just before the commit, is thrown and nothing of it is kept', async () => {
    const failure = inTransaction(h.deps, async (tx) => {
      await mark.queue(tx, marked('a'), refused);
      await mark.queue(tx, { ...marked('b'), orgId: 'no-such-organisation' });
    });
    await expect(failure).rejects.toThrow(/foreign key/i);
    expect(await challenges()).toEqual([]);
  });

  it('without a condition a write that changes no row is no failure', async () => {
    await mark(h.deps, marked('taken'));
    await inTransaction(h.deps, async (tx) => {
      await mark.queue(tx, { ...marked('taken'), id: 'another' });
      await mark.queue(tx, marked('a'));
    });
    expect(await challenges()).toEqual([{ challenge: 'a' }, { challenge: 'taken' }]);
  });

  it('outside a transaction a write runs and its condition is checked at once', async () => {
    await mark.queue(h.deps, marked('a'), refused);
    await expect(mark.queue(h.deps, { ...marked('a'), id: 'another' }, refused)).rejects.toBeInstanceOf(Refused);
    expect(await challenges()).toEqual([{ challenge: 'a' }]);
  });

  it('a connection that ended a failed transaction serves the next one', async () => {
    await mark(h.deps, marked('taken'));
    for (let i = 0; i < 12; i++)
      await expect(
        inTransaction(h.deps, (tx) => mark.queue(tx, { ...marked('taken'), id: `another-${i}` }, refused)),
      ).rejects.toBeInstanceOf(Refused);
    await inTransaction(h.deps, (tx) => mark.queue(tx, marked('a'), refused));
    expect(await challenges()).toEqual([{ challenge: 'a' }, { challenge: 'taken' }]);
  });

  it('a counted write tells how many rows it changed once the transaction has committed', async () => {
    await mark(h.deps, marked('taken'));
    const counts = await inTransaction(h.deps, async (tx) => {
      const fresh = await mark.queueCounted(tx, marked('a'));
      const taken = await mark.queueCounted(tx, { ...marked('taken'), id: 'another' });
      return { fresh: fresh.changedRows, taken: taken.changedRows };
    });
    expect([await counts.fresh, await counts.taken]).toEqual([1, 0]);
    expect(await challenges()).toEqual([{ challenge: 'a' }, { challenge: 'taken' }]);
  });

  it("a counted write that fails rejects its count, as its transaction's failure", async () => {
    let count: Promise<number> | undefined;
    const failure = inTransaction(h.deps, async (tx) => {
      ({ changedRows: count } = await mark.queueCounted(tx, { ...marked('a'), orgId: 'no-such-organisation' }));
    });
    await expect(failure).rejects.toThrow(/foreign key/i);
    // SQLite answers at once: the call itself failed. PostgreSQL's answer came later, to the count.
    if (dialect === 'sqlite') expect(count).toBeUndefined();
    else await expect(count).rejects.toThrow(/foreign key/i);
  });

  it.skipIf(dialect !== 'postgres')(
    'a value the client could not send is refused before anything of the transaction is sent',
    async () => {
      const failure = inTransaction(h.deps, async (tx) => {
        await mark.queue(tx, marked('a'), refused);
        const unsendable = { toPostgres: () => 'b' } as unknown as string;
        await mark.queue(tx, { ...marked('b'), challenge: unsendable }, refused);
        await mark.queue(tx, marked('c'), refused);
      });
      await expect(failure).rejects.toThrow(/strings, numbers and null only/);
      expect(await challenges()).toEqual([]);
    },
  );

  it.skipIf(dialect !== 'postgres')('a write with a condition and a `returning` of its own is refused', async () => {
    const returning = precompiledWrite((db, v: { id: string }) =>
      db.deleteFrom('challenges').where('id', '=', v.id).returning('id'),
    );
    await expect(inTransaction(h.deps, (tx) => returning.queue(tx, { id: 'x' }, refused))).rejects.toThrow(
      /no `returning` of its own/,
    );
  });

  it.skipIf(dialect !== 'postgres')(
    "a failure its caller caught fails the commit: PostgreSQL kept nothing, and says so with 'rollback'",
    async () => {
      const failure = inTransaction(h.deps, async (tx) => {
        await mark.queue(tx, marked('a'), refused);
        await mark(tx, { ...marked('b'), orgId: 'no-such-organisation' }).catch(() => {});
      });
      await expect(failure).rejects.toThrow(/not committed \(ROLLBACK\)/);
      expect(await challenges()).toEqual([]);
    },
  );

  it.skipIf(dialect !== 'postgres')(
    'a connection lost between queued writes fails the transaction; the next works',
    async () => {
      const failure = inTransaction(h.deps, async (tx) => {
        const [{ pid }] = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx.db)).rows as [
          { pid: number },
        ];
        await mark.queue(tx, marked('a'), refused);
        // PostgreSQL restarting under this connection, while the write is on its way.
        await sql`select pg_terminate_backend(${pid})`.execute(h.deps.db);
        await mark.queue(tx, marked('b'), refused);
        await tx.db.selectFrom('challenges').select('id').execute();
      });
      await expect(failure).rejects.toThrow();
      expect(await challenges()).toEqual([]);
      for (let i = 0; i < 12; i++) await inTransaction(h.deps, (tx) => mark.queue(tx, marked(`c${i}`), refused));
      expect(await challenges()).toHaveLength(12);
    },
  );
});
