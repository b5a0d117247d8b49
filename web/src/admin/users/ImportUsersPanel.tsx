import { useId, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { orgApi } from '../../shared/api';
import type { ImportResult, ImportRow } from '../adminApi';
import { useFocusOnAppear } from '../../shared/focus';
import { useAction } from '../../shared/useAction';
import { roleLabel } from '../../shared/format';
import { BusyButton } from '../../shared/BusyButton';
import { CheckboxField, TextField } from '../../shared/Fields';
import { Alert, Status } from '../../shared/Messages';
import { Table } from '../../shared/Table';
import { EmailTemplateSelect } from '../../mail/EmailTemplateSelect';
import { HandedOverLink } from '../../enrollment/HandedOverLink';
import { useStepUp, type AdminSelf } from '../useStepUp';

/** The server's limit (IMPORT_TOO_LARGE); checked here too, so a huge file is not uploaded for nothing. */
const MAX_BYTES = 2 * 1024 * 1024;

function RowsTable({ rows, imported }: { rows: ImportRow[]; imported: boolean }) {
  const { t } = useTranslation('users');
  return (
    <Table
      caption={imported ? t('importedRowsCaption') : t('previewRowsCaption')}
      columns={[
        t('rowColumn'),
        t('usernameColumn'),
        t('emailColumn'),
        t('displayNameLabel'),
        t('roleColumn'),
        t('resultColumn'),
      ]}
    >
      {rows.map((r) => (
        <tr key={r.row}>
          <td>{r.row}</td>
          <td className="long">{r.username}</td>
          <td className="long">{r.email ?? ''}</td>
          <td>{r.displayName}</td>
          <td>{r.outcome === 'create' ? roleLabel(r.role) : r.role}</td>
          <td>
            {r.outcome === 'create' ? (
              <span className="pill pill--ok">{imported ? t('rowCreated') : t('rowWillCreate')}</span>
            ) : (
              <>
                <span className="pill pill--error">{t('rowError')}</span> {r.message}
              </>
            )}
            {r.link ? (
              <HandedOverLink username={r.username} link={r.link} />
            ) : (
              r.enrollment && <span className="muted"> · {t('rowEnrollment', { enrollment: r.enrollment })}</span>
            )}
          </td>
        </tr>
      ))}
    </Table>
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
  const { t } = useTranslation('users');
  const id = useId();
  const [csv, setCsv] = useState<string | null>(null);
  const [sendEmails, setSendEmails] = useState(false);
  const [templateId, setTemplateId] = useState<string | null | undefined>(undefined);
  const [result, setResult] = useState<ImportResult | null>(null);
  const { run, busy, error, setError } = useAction();
  const stepUp = useStepUp(org, admin, t('stepUpImport'));
  const heading = useFocusOnAppear<HTMLHeadingElement>();

  async function choose(file: File | undefined) {
    setResult(null);
    setError(null);
    setCsv(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError(t('fileTooLarge'));
      return;
    }
    setCsv(await file.text());
  }

  async function send(dryRun: boolean): Promise<void> {
    if (csv === null) return;
    await run(
      async () => {
        const answer = await orgApi(org).post('/admin/users/import', {
          csv,
          dryRun,
          sendEnrollmentEmail: sendEmails,
          ...(sendEmails && templateId !== undefined ? { templateId } : {}),
        });
        setResult(answer);
        if (!dryRun) onImported();
      },
      { describe: (err) => (stepUp.needsConfirmation(err, () => void send(dryRun)) ? '' : (describeError(err) ?? '')) },
    );
  }

  const preview = (event: FormEvent) => {
    event.preventDefault();
    void send(true);
  };
  const summary = result?.summary;

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} tabIndex={-1} ref={heading}>
        {t('importUsersButton')}
      </h2>
      <p className="muted">
        <Trans t={t} i18nKey="importIntro" components={{ code: <code /> }} />
      </p>
      <Alert message={error} />
      {stepUp.panel}
      <form onSubmit={preview} className="stack">
        <TextField
          id={`${id}-file`}
          label={t('csvFileLabel')}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => void choose(e.target.files?.[0])}
        />
        <CheckboxField
          label={t('sendEmailsLabel')}
          help={t('sendEmailsHelp')}
          checked={sendEmails}
          onChange={(checked) => {
            setSendEmails(checked);
            setResult(null);
          }}
        />
        {sendEmails && <EmailTemplateSelect org={org} value={templateId} onChange={setTemplateId} />}
        <div className="actions">
          <BusyButton type="submit" className="button" busy={busy} disabled={csv === null}>
            {t('previewButton')}
          </BusyButton>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            {t('close')}
          </button>
        </div>
      </form>
      {result && summary && (
        <div className="stack">
          {result.dryRun ? (
            <Status
              message={t('previewSummary', { rows: summary.rows, create: summary.create, errors: summary.errors })}
            />
          ) : (
            <Status
              message={[
                t('importedSummary', { created: summary.created, errors: summary.errors }),
                ...(summary.enrollmentEmails
                  ? [
                      result.rows.some((r) => r.link)
                        ? t('importedLinksByHand', { count: summary.enrollmentEmails })
                        : t('importedEmailsSending', { count: summary.enrollmentEmails }),
                    ]
                  : []),
              ].join(' ')}
            />
          )}
          {result.dryRun && summary.create > 0 && (
            <p>
              <BusyButton type="button" className="button button--primary" busy={busy} onClick={() => void send(false)}>
                {t('importCountButton', { count: summary.create })}
              </BusyButton>
            </p>
          )}
          <RowsTable rows={result.rows} imported={!result.dryRun} />
        </div>
      )}
    </section>
  );
}
