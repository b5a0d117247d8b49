import type { TFunction } from 'i18next';
import { useId, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { isRouteError, orgApi } from '../shared/api';
import type { EmailPreview, EmailTemplate } from '../admin/adminApi';
import { FormActions } from '../shared/BusyButton';
import { Alert } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { focusOnMount } from '../shared/focus';
import { TextField } from '../shared/Fields';
import { TextAreaField } from '../shared/TextAreaField';

type Field = 'name' | 'subject' | 'body';
/** The requests that check a template's text. */
const SAVES = [
  'POST /api/o/:org/admin/email-templates/preview',
  'POST /api/o/:org/admin/email-templates',
  'PUT /api/o/:org/admin/email-templates/:id',
] as const;

/** The server's reason for refusing a template ("Body: must contain {{link}}"), and the field it is about. */
function templateError(
  t: TFunction<'templates'>,
  err: unknown,
  describeError: (err: unknown) => string | null,
): { text: string | null; field: Field | null } {
  if (isRouteError(err, SAVES, 'TEMPLATE_INVALID') && err.details) {
    const { field, rule } = err.details;
    const known = field === 'name' || field === 'subject' || field === 'body' ? field : null;
    // The rule is the server's own words ("must contain {{link}}"); the field's name is the page's language.
    if (typeof rule === 'string')
      return {
        text: known
          ? t('invalidField', { message: err.message, field: t(`field_${known}`), rule })
          : t('invalid', { message: err.message, rule }),
        field: known,
      };
    return { text: err.message, field: known };
  }
  return { text: describeError(err), field: null };
}

/** "New template" and "Edit": name, subject and body with placeholders, a preview, and "Save template". */
export function TemplateForm({
  org,
  template,
  builtIn,
  placeholders,
  onSaved,
  onCancel,
  describeError,
  stepUp,
}: {
  org: string;
  /** The template to edit; none for a new one. */
  template?: EmailTemplate;
  /** A new template starts from the built-in text. */
  builtIn: { subject: string; body: string };
  placeholders: string[];
  onSaved: (name: string) => void;
  onCancel: () => void;
  describeError: (err: unknown) => string | null;
  /** Saving asks "Confirm it's you" when the server wants it (REVERIFY_REQUIRED), then saves again. */
  stepUp: { needsConfirmation(err: unknown, retry: () => void): boolean };
}) {
  const { t } = useTranslation(['templates', 'admin']);
  const id = useId();
  const [name, setName] = useState(template?.name ?? '');
  const [subject, setSubject] = useState(template?.subject ?? builtIn.subject);
  const [body, setBody] = useState(template?.body ?? builtIn.body);
  const [preview, setPreview] = useState<EmailPreview | null>(null);
  const [error, setError] = useState<{ text: string | null; field: Field | null }>({ text: null, field: null });
  const { run: runAction, busy } = useAction();
  const invalid = (field: Field) => (error.field === field ? true : undefined);

  async function run(action: () => Promise<void>) {
    await runAction(
      async () => {
        setError({ text: null, field: null });
        await action();
      },
      {
        onError: (err) => {
          if (!stepUp.needsConfirmation(err, () => void run(action))) setError(templateError(t, err, describeError));
        },
      },
    );
  }

  const showPreview = () =>
    run(async () => {
      setPreview(await orgApi(org).post('/admin/email-templates/preview', { subject, body }));
    });

  function save(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const text = { name: name.trim(), subject, body };
      if (template) await orgApi(org).put('/admin/email-templates/:id', text, { params: { id: template.id } });
      else await orgApi(org).post('/admin/email-templates', text);
      onSaved(text.name);
    });
  }

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{template ? t('editLabel', { name: template.name }) : t('newTemplate')}</h2>
      <form onSubmit={save} className="stack">
        <TextField
          id={`${id}-name`}
          label={t('nameLabel')}
          required
          maxLength={100}
          inputRef={focusOnMount}
          value={name}
          aria-invalid={invalid('name')}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          id={`${id}-subject`}
          label={t('subjectLabel')}
          required
          maxLength={200}
          value={subject}
          aria-invalid={invalid('subject')}
          onChange={(e) => setSubject(e.target.value)}
        />
        <TextAreaField
          id={`${id}-body`}
          label={t('bodyLabel')}
          hint={
            <>
              {t('placeholdersIntro')}{' '}
              {placeholders.map((p, i) => (
                <span key={p}>
                  {i > 0 && ', '}
                  <code>{p}</code>
                </span>
              ))}
              {'. '}
              <Trans t={t} i18nKey="linkRequired" values={{ link: '{{link}}' }} components={{ code: <code /> }} />
            </>
          }
          required
          rows={12}
          maxLength={10_000}
          value={body}
          aria-invalid={invalid('body')}
          onChange={(e) => setBody(e.target.value)}
        />
        <Alert message={error.text} />
        <FormActions
          submit={t('saveTemplate')}
          busy={busy}
          actions={[
            { label: t('preview'), onClick: () => void showPreview() },
            { label: t('admin:cancel'), onClick: onCancel },
          ]}
        />
      </form>
      {preview && (
        <section className="preview" aria-labelledby={`${id}-preview`}>
          <h3 id={`${id}-preview`}>{t('preview')}</h3>
          <p>
            <strong>{t('previewSubject')}</strong> {preview.subject}
          </p>
          <pre className="preview__body">{preview.body}</pre>
        </section>
      )}
    </section>
  );
}
