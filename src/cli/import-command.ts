import fs from 'node:fs';
import { AppError } from '../errors.js';
import { getOrganisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { MAX_IMPORT_BYTES } from '../user-import/csv-file.js';
import { importUsers, type ImportedRow, type ImportResult } from '../user-import/import-users.js';
import { parse, required, type Out, type PublicUrlState } from './commands.js';
import { UsageError } from './usage.js';

const ENROLLMENT: Record<NonNullable<ImportedRow['enrollment']>, string> = {
  email: 'enrollment email',
  no_email: 'no email address: no enrollment email',
};

/** One line per row, as the console's preview shows it: will create, or the error and why. */
export function rowLine(r: ImportedRow, dryRun: boolean): string {
  const who = [r.username || '(no username)', r.email ?? ''].filter(Boolean).join(' ');
  if (r.outcome === 'error') return `row ${r.row}\t${who}\terror: ${r.reason} (${r.message})`;
  const parts = [dryRun ? `will create ${r.role}` : `created ${r.role}`];
  if (r.enrollment) parts.push(ENROLLMENT[r.enrollment]);
  if (r.link) parts.push(`link: ${r.link}`);
  return `row ${r.row}\t${who}\t${parts.join('; ')}`;
}

/** `1 row`, `2 rows`. */
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function summaryLine(result: ImportResult, org: string, mailer: boolean): string {
  const { rows, create, errors, created, enrollmentEmails } = result.summary;
  if (result.dryRun)
    return `Dry run: ${count(rows, 'row', 'rows')}, ${create} to create, ${errors} with an error. Nothing was written.`;
  const emails =
    enrollmentEmails === 0
      ? ''
      : mailer
        ? ` ${count(enrollmentEmails, 'enrollment email', 'enrollment emails')} queued.`
        : ` No email server: pass on the ${count(enrollmentEmails, 'link', 'links')} above by hand (each works once).`;
  const left = count(errors, 'row with an error was', 'rows with an error were');
  return `Imported ${count(created, 'user', 'users')} into ${org}; ${left} left out.${emails}`;
}

/**
 * `user import --org <slug> FILE.csv [--send-enrollment-email] [--dry-run]`:
 * the console's import, audited as from the CLI.
 */
export async function userImport(deps: Deps, args: string[], out: Out, url: PublicUrlState): Promise<void> {
  const { values, positionals } = parse(
    args,
    { org: { type: 'string' }, 'send-enrollment-email': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
    1,
  );
  const dryRun = values['dry-run'] === true;
  const sendEnrollmentEmail = values['send-enrollment-email'] === true;
  // The links go to members: they must carry the server's address.
  if (sendEnrollmentEmail && !dryRun) url.require();
  const org = await getOrganisation(deps, { slug: required(values, 'org') });
  const file = positionals[0]!;
  // Checked before reading: a huge file is refused without loading it.
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > MAX_IMPORT_BYTES)
    throw new AppError('IMPORT_TOO_LARGE', { details: { limit: `${MAX_IMPORT_BYTES} bytes` } });
  const result = await importUsers(deps, {
    org,
    csv: fs.readFileSync(file, 'utf8'),
    dryRun,
    sendEnrollmentEmail,
    by: { actor: null },
  });
  for (const row of result.rows) out(rowLine(row, dryRun));
  out(summaryLine(result, org.slug, deps.mailer !== null));
}
