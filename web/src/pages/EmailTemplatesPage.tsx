import { useState } from 'react';
import { orgApi } from '../api';
import type { EmailTemplate, EmailTemplates } from '../adminApi';
import { TemplateForm } from '../components/admin/TemplateForm';
import { TemplateItem } from '../components/admin/TemplateItem';
import { useAdminAction } from '../components/admin/useAdminAction';
import { adminSelfOf, useStepUp } from '../components/admin/useStepUp';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { AccountLayout } from '../components/Layout';
import { Alert, Loading, MessageView } from '../components/Messages';
import { NOT_ADMIN, useAdminPage } from '../useAdminData';

const LIST = 'templates';

/** `/o/:org/admin/email-templates`: the enrollment emails' text: the built-in template and the organisation's own. */
export function EmailTemplatesPage({ org }: { org: string }) {
  const { me, meError, info, describeError, data, error, forbidden, reload } = useAdminPage<EmailTemplates>(
    org,
    'Email templates',
    '/admin/email-templates',
  );
  // null: no form; 'new': "New template"; else the template being edited.
  const [editing, setEditing] = useState<EmailTemplate | 'new' | null>(null);
  const [deleting, setDeleting] = useState<EmailTemplate | null>(null);
  const stepUp = useStepUp(org, adminSelfOf(me), 'before deleting an email template');

  const { run, busy, message } = useAdminAction({ source: LIST, reload, stepUp, describeError });

  const makeDefault = (templateId: string | null, name: string) =>
    run(async () => {
      await orgApi(org).put('/admin/email-templates/default', { templateId });
      return `${name} is now the default template`;
    });

  const remove = (template: EmailTemplate) =>
    run(async () => {
      await orgApi(org).del(`/admin/email-templates/${encodeURIComponent(template.id)}`);
      return `Deleted ${template.name}`;
    });

  return (
    <AccountLayout org={org} orgName={info?.name} current="email-templates" role={me?.user.role}>
      <h1>Email templates</h1>
      <Alert message={meError} />
      {forbidden ? (
        <Alert message={NOT_ADMIN} />
      ) : !data ? (
        error ? (
          <Alert message={error} />
        ) : (
          <Loading />
        )
      ) : (
        <>
          <p className="muted">
            The text of enrollment emails. The default template is chosen first when you send one; you can pick another
            each time.
          </p>
          {editing ? (
            <TemplateForm
              key={editing === 'new' ? 'new' : editing.id}
              org={org}
              template={editing === 'new' ? undefined : editing}
              builtIn={data.builtIn}
              placeholders={data.placeholders}
              describeError={describeError}
              onCancel={() => setEditing(null)}
              onSaved={(name) => {
                setEditing(null);
                void run(async () => `Saved ${name}`);
              }}
            />
          ) : (
            <p>
              <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
                New template
              </button>
            </p>
          )}
          <MessageView message={message} source={LIST} />
          {stepUp.panel}
          <ul className="items" aria-label="Email templates">
            <TemplateItem
              name={data.builtIn.name}
              subject={data.builtIn.subject}
              body={data.builtIn.body}
              isDefault={data.defaultTemplateId === null}
              builtIn
            >
              {data.defaultTemplateId !== null && (
                <MakeDefaultButton
                  name={data.builtIn.name}
                  busy={busy}
                  onClick={() => void makeDefault(null, data.builtIn.name)}
                />
              )}
            </TemplateItem>
            {data.templates.map((t) => (
              <TemplateItem
                key={t.id}
                name={t.name}
                subject={t.subject}
                body={t.body}
                isDefault={data.defaultTemplateId === t.id}
                builtIn={false}
              >
                {data.defaultTemplateId !== t.id && (
                  <MakeDefaultButton name={t.name} busy={busy} onClick={() => void makeDefault(t.id, t.name)} />
                )}
                <button
                  type="button"
                  className="button"
                  aria-label={`Edit ${t.name}`}
                  onClick={() => setEditing(t)}
                  disabled={busy}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="button button--danger-quiet"
                  aria-label={`Delete ${t.name}`}
                  onClick={() => setDeleting(t)}
                  disabled={busy}
                >
                  Delete
                </button>
              </TemplateItem>
            ))}
          </ul>
          {deleting && (
            <ConfirmDialog
              title={`Delete ${deleting.name}?`}
              confirmLabel="Delete template"
              busy={busy}
              onCancel={() => setDeleting(null)}
              onConfirm={() => {
                // Closed first, so that a refusal is shown on the page, not behind the dialog.
                setDeleting(null);
                void remove(deleting);
              }}
            >
              <p>
                {data.defaultTemplateId === deleting.id &&
                  'It is the default template: the built-in template becomes the default. '}
                Emails already sent with it are not affected.
              </p>
            </ConfirmDialog>
          )}
        </>
      )}
    </AccountLayout>
  );
}

function MakeDefaultButton({ name, busy, onClick }: { name: string; busy: boolean; onClick: () => void }) {
  return (
    <button type="button" className="button" aria-label={`Make ${name} the default`} onClick={onClick} disabled={busy}>
      Make default
    </button>
  );
}
