/**
 * "Import users" at its limit: 10,000 rows through the whole HTTP stack as a signed-in admin — the
 * preview, the import, and the import with an enrollment email each (outbox, links handed over
 * without SMTP). Run: npm run bench (or npx vitest run --config bench/vitest.config.ts bench/user-import.bench.ts).
 * Prints a table; asserts nothing about time.
 */
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS } from '../src/user-import/csv-file.js';
import { DIALECTS } from '../test/support/databases.js';
import { redeemSetupLink } from '../test/support/enroll.js';
import { createHarness } from '../test/support/harness.js';

const csv = (prefix: string) =>
  [
    'username,email,display name,role',
    ...Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => `${prefix}${i},${prefix}${i}@acme.example,Person ${i},member`),
  ].join('\n');

describe('user import benchmark', () => {
  it('10,000 rows: preview, import, import with enrollment emails', async () => {
    const table: Array<{ dialect: string; request: string; seconds: string }> = [];
    for (const dialect of DIALECTS) {
      const h = await createHarness(dialect);
      try {
        const acme = await h.org();
        const ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
        const { browser } = await redeemSetupLink(h, acme, ada);
        const timed = async (name: string, body: object) => {
          const start = performance.now();
          const answer = await browser.post('/api/o/acme/admin/users/import', body);
          const ms = performance.now() - start;
          expect(answer.status).toBe(200);
          expect(answer.body.summary.errors).toBe(0);
          table.push({ dialect, request: name, seconds: (ms / 1000).toFixed(2) });
        };
        await timed('preview (dry run)', { csv: csv('a'), dryRun: true });
        await timed('import', { csv: csv('a'), dryRun: false });
        await timed('import + enrollment emails', { csv: csv('b'), dryRun: false, sendEnrollmentEmail: true });
      } finally {
        await h.close();
      }
    }
    console.table(table);
  }, 600_000);
});
