/**
 * Seeds the benchmark organisation through the data layer: N members, each with one passkey and a
 * password (hashed once: every member shares the hash), in batched inserts inside one transaction.
 */
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { createOrganisation } from '../../src/orgs/organisations.js';
import { hashPassword } from '../../src/passwords/passwords.js';
import { openDeps } from '../../src/runtime.js';
import { newId, newUserId } from '../../src/shared/crypto.js';
import { credentialId, ORG_SLUG, PASSWORD, userHandle, username, type KeyPool } from './members.js';

// 14 and 16 columns per row: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const BATCH = 1000;

export async function seed(
  env: Record<string, string>,
  users: number,
  keys: KeyPool,
  progress: (line: string) => void,
): Promise<void> {
  const runtime = await openDeps(loadConfig(env));
  const { deps } = runtime;
  try {
    const org = await createOrganisation(deps, {
      slug: ORG_SLUG,
      name: 'Bench',
      passkeysAvailable: true,
      passkeysEnabled: true,
    });
    // Every member's password: checked against the organisation's names (each member's own would pass too).
    const passwordHash = await hashPassword(PASSWORD, [org.slug, org.name]);
    // Random ids land all over the indexes: with SQLite's default 2 MB page cache, a million members
    // would rewrite the same pages again and again. This seeding connection gets 512 MB.
    if (deps.dialect === 'sqlite') await sql`pragma cache_size = -524288`.execute(deps.db);
    const now = deps.clock();
    await deps.db.transaction().execute(async (trx) => {
      for (let start = 0; start < users; start += BATCH) {
        const ks = Array.from({ length: Math.min(BATCH, users - start) }, (_, i) => start + i);
        const rows = ks.map((k) => ({
          id: newUserId(),
          org_id: org.id,
          username: username(k),
          email: `${username(k)}@bench.example`,
          display_name: `Member ${k}`,
          display_name_key: `member ${k}`,
          role: 'member' as const,
          status: 'active' as const,
          webauthn_user_id: userHandle(k),
          password_hash: passwordHash,
          passkey_prompt_snoozed_until: null,
          pilot: 0 as const,
          created_at: now,
          updated_at: now,
        }));
        await trx.insertInto('users').values(rows).execute();
        await trx
          .insertInto('passkeys')
          .values(
            rows.map((user, i) => ({
              id: newId(),
              org_id: org.id,
              user_id: user.id,
              credential_id: credentialId(ks[i]!),
              public_key: keys.publicKeys[ks[i]! % keys.publicKeys.length]!,
              counter: 0,
              transports: '["internal","hybrid"]',
              aaguid: '00000000-0000-0000-0000-000000000000',
              name: 'Passkey',
              backup_eligible: 1 as const,
              backed_up: 1 as const,
              created_at: now,
              created_user_agent: null,
              last_used_at: null,
              last_used_user_agent: null,
            })),
          )
          .execute();
        if ((start + BATCH) % 100_000 === 0) progress(`  ${start + BATCH} members`);
      }
    });
    // Planner statistics, as a live database has them, and (SQLite) the write-ahead log folded into
    // the database: otherwise the server's first open pays for both and its cold start means little.
    await sql`analyze`.execute(deps.db);
    if (deps.dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(deps.db);
  } finally {
    await runtime.close();
  }
}
