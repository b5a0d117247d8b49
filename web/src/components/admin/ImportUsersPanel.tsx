import { useId, useState, type FormEvent } from 'react';
import { orgApi } from '../../api';
import type { ImportResult, ImportRow } from '../../adminApi';
import { count, roleLabel } from '../../format';
import { CheckboxField } from '../Fields';
import { Alert, Status } from '../Messages';
import { EmailTemplateSelect } from './EmailTemplateSelect';
import { useStepUp, type AdminSelf } from './useStepUp';

/** The server's limit (IMPORT_TOO_LARGE); checked here too, so a huge file is not uploaded for nothing. */
const MAX_BYTES = 2 * 1024 * 1024;

const ENROLLMENT: Record<NonNullable<ImportRow['enrollment']>, string> = {
  email: 'Enrollment email',
  no_email: 'No email address: no enrollment email',
  not_offered: 'Passkeys not offered to them: no enrollment email',
};

function RowsTable({ rows, imported }: { rows: ImportRow[]; imported: boolean }) {
  return (
    <div className="table-wrap">
      <table className="table table--wrap">
        <caption className="visually-hidden">
          Rows of the file and what {imported ? 'became of' : 'will become of'} each
        </caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Username</th>
            <th scope="col">Email</th>
            <th scope="col">Display name</th>
            <th scope="col">Role</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.row}>
              <td>{r.row}</td>
              <td>{r.username}</td>
              <td>{r.email ?? ''}</td>
              <td>{r.displayName}</td>
              <td>{r.outcome === 'create' ? roleLabel(r.role) : r.role}</td>
              <td>
                {r.outcome === 'create' ? (
                  <span className="pill pill--ok">{imported ? 'Created' : 'Will create'}</span>
                ) : (
                  <>
                    <span className="pill pill--error">Error</span> {r.message}
                  </>
                )}
                {r.enrollment && <span className="muted"> · {ENROLLMENT[r.enrollment]}</span>}
                {r.link && (
                  <input
                    aria-label={`Enrollment link for ${r.username}`}
                    readOnly
                    value={r.link}
                    onFocus={(e) => e.target.select()}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * "Import users": choose a CSV (username, email, display name, role), see every row as will-create or
 * an error with its reason, then import the rows without errors — optionally sending each an
 * enrollment email. Without an email server the links are shown here, once, to pass on.
 */
export function ImportUsersPanel({
  org,
  admin,
  onClose,
  onImported,
  describeError,
}: {
  org: string;
  admin: AdminSelf | null;
  onClose: () => void;
  onImported: () => void;
  describeError: (err: unknown) => string | null;
}) {
  const id = useId();
  const [csv, setCsv] = useState<string | null>(null);
  const [sendEmails, setSendEmails] = useState(false);
  const [templateId, setTemplateId] = useState<string | null | undefined>(undefined);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stepUp = useStepUp(org, admin, 'before sending enrollment links to the imported users');

  async function choose(file: File | undefined) {
    setResult(null);
    setError(null);
    setCsv(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError('The file is too large: import at most 10,000 users (2 MB) at a time, in several files if needed.');
      return;
    }
    setCsv(await file.text());
  }

  async function send(dryRun: boolean) {
    if (csv === null) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await orgApi(org).post<ImportResult>('/admin/users/import', {
        csv,
        dryRun,
        sendEnrollmentEmail: sendEmails,
        ...(sendEmails && templateId !== undefined ? { templateId } : {}),
      });
      setResult(answer);
      if (!dryRun) onImported();
    } catch (err) {
      if (stepUp.needsConfirmation(err, () => void send(dryRun))) return;
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  const preview = (event: FormEvent) => {
    event.preventDefault();
    void send(true);
  };
  const summary = result?.summary;

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Import users</h2>
      <p className="muted">
        A CSV file with a header row naming the columns <code>username</code>, <code>email</code>,{' '}
        <code>display name</code> and <code>role</code> (member, editor or admin; member if empty), then one user per
        row. Up to 10,000 users at a time. You see every row before anything is imported.
      </p>
      <Alert message={error} />
      {stepUp.panel}
      <form onSubmit={preview} className="stack">
        <div className="field">
          <label htmlFor={`${id}-file`}>CSV file</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </div>
        <CheckboxField
          label="Send an enrollment email to each imported user"
          help="Each gets a one-time link to create a passkey. Without an email server, the links are shown here to pass on."
          checked={sendEmails}
          onChange={(checked) => {
            setSendEmails(checked);
            setResult(null);
          }}
        />
        {sendEmails && <EmailTemplateSelect org={org} value={templateId} onChange={setTemplateId} />}
        <div className="actions">
          <button type="submit" className="button" disabled={busy || csv === null}>
            Preview
          </button>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Close
          </button>
        </div>
      </form>
      {result && summary && (
        <div className="stack">
          {result.dryRun ? (
            <Status
              message={`Preview: ${count(summary.rows, 'row')}, ${summary.create} will be created, ${summary.errors} with an error (left out). Nothing is imported yet.`}
            />
          ) : (
            <Status
              message={`Imported ${count(summary.created, 'user')}; ${count(summary.errors, 'row')} with an error ${summary.errors === 1 ? 'was' : 'were'} left out.${
                summary.enrollmentEmails
                  ? result.rows.some((r) => r.link)
                    ? ` No email server: pass on the ${count(summary.enrollmentEmails, 'link')} below by hand (each works once; shown only now).`
                    : ` ${count(summary.enrollmentEmails, 'enrollment email')} ${summary.enrollmentEmails === 1 ? 'is' : 'are'} being sent.`
                  : ''
              }`}
            />
          )}
          {result.dryRun && summary.create > 0 && (
            <p>
              <button type="button" className="button button--primary" disabled={busy} onClick={() => void send(false)}>
                Import {count(summary.create, 'user')}
              </button>
            </p>
          )}
          <RowsTable rows={result.rows} imported={!result.dryRun} />
        </div>
      )}
    </section>
  );
}
