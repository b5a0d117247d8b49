import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi } from '../shared/api';
import type { EmailTemplate } from '../admin/adminApi';
import { TemplateForm } from './TemplateForm';
import { TemplateItem } from './TemplateItem';
import { useAdminAction } from '../admin/useAdminAction';
import { useStepUp } from '../admin/useStepUp';
import { verifierOf } from '../sign-in/useReverify';
import { BusyButton } from '../shared/BusyButton';
import { useConfirmation } from '../shared/ConfirmDialog';
import { AdminFrame } from '../admin/AdminFrame';
import { Loaded, MessageView } from '../shared/Messages';
import { useAdminPage } from '../admin/useAdminData';
import { onlyOperatorsChange, OperatorsOnlyNote } from '../admin/OperatorsOnly';

const LIST = 'templates';

/** `/o/:org/admin/email-templates`: the enrollment emails' text: the built-in template and the organisation's own. */
export function EmailTemplatesPage({ org }: { org: string }) {
  const { t } = useTranslation(['templates', 'admin']);
  // When the button pressed goes away (deleted, made default, form closed), focus goes to the page's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const page = useAdminPage(org, t('admin:navEmailTemplates'), '/admin/email-templates');
  const { me, describeError, data, error, forbidden, reload } = page;
  // null: no form; 'new': "New template"; else the template being edited.
  const [editing, setEditing] = useState<EmailTemplate | 'new' | null>(null);
  const stepUp = useStepUp(org, verifierOf(me), t('stepUpReason'));
  // In `platform` the templates carry the operators' recovery links: its admins read them, only operators change them.
  const readOnly = onlyOperatorsChange(org, me);

  const { run, busy, message } = useAdminAction({ source: LIST, reload, stepUp, describeError });

  const makeDefault = (templateId: string | null, name: string) =>
    run(async () => {
      await orgApi(org).put('/admin/email-templates/default', { templateId });
      heading.current?.focus();
      return t('madeDefault', { name });
    });

  const remove = (template: EmailTemplate) =>
    run(async () => {
      await orgApi(org).del('/admin/email-templates/:id', { params: { id: template.id } });
      heading.current?.focus();
      return t('deleted', { name: template.name });
    });
  const confirmDelete = useConfirmation<EmailTemplate>(busy, (template) => ({
    title: t('deleteTitle', { name: template.name }),
    confirmLabel: t('deleteConfirm'),
    children: <p>{data?.defaultTemplateId === template.id ? t('deleteDefaultNote') : t('deleteNote')}</p>,
    onConfirm: () => void remove(template),
  }));

  return (
    <AdminFrame
      org={org}
      shell={page}
      current="email-templates"
      title={t('admin:navEmailTemplates')}
      headingRef={heading}
    >
      <Loaded forbidden={forbidden} forbiddenText={t('admin:notAdminSettings')} error={error} data={data}>
        {(data) => (
          <>
            <p className="muted">{t('intro')}</p>
            {readOnly ? (
              <OperatorsOnlyNote />
            ) : editing ? (
              <TemplateForm
                key={editing === 'new' ? 'new' : editing.id}
                org={org}
                template={editing === 'new' ? undefined : editing}
                builtIn={data.builtIn}
                placeholders={data.placeholders}
                describeError={describeError}
                stepUp={stepUp}
                onCancel={() => {
                  setEditing(null);
                  heading.current?.focus();
                }}
                onSaved={(name) => {
                  setEditing(null);
                  heading.current?.focus();
                  void run(async () => t('saved', { name }));
                }}
              />
            ) : (
              <p>
                <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
                  {t('newTemplate')}
                </button>
              </p>
            )}
            <MessageView message={message} source={LIST} />
            {stepUp.panel}
            <ul className="items" aria-label={t('admin:navEmailTemplates')}>
              <TemplateItem
                name={data.builtIn.name}
                subject={data.builtIn.subject}
                body={data.builtIn.body}
                isDefault={data.defaultTemplateId === null}
                builtIn
                language={data.builtIn.language}
              >
                {!readOnly && data.defaultTemplateId !== null && (
                  <MakeDefaultButton
                    name={data.builtIn.name}
                    busy={busy}
                    onClick={() => void makeDefault(null, data.builtIn.name)}
                  />
                )}
              </TemplateItem>
              {data.templates.map((template) => (
                <TemplateItem
                  key={template.id}
                  name={template.name}
                  subject={template.subject}
                  body={template.body}
                  isDefault={data.defaultTemplateId === template.id}
                  builtIn={false}
                >
                  {!readOnly && (
                    <>
                      {data.defaultTemplateId !== template.id && (
                        <MakeDefaultButton
                          name={template.name}
                          busy={busy}
                          onClick={() => void makeDefault(template.id, template.name)}
                        />
                      )}
                      <BusyButton
                        type="button"
                        className="button"
                        aria-label={t('editLabel', { name: template.name })}
                        onClick={() => setEditing(template)}
                        busy={busy}
                      >
                        {t('admin:edit')}
                      </BusyButton>
                      <BusyButton
                        type="button"
                        className="button button--danger-quiet"
                        aria-label={t('deleteLabel', { name: template.name })}
                        onClick={() => confirmDelete.ask(template)}
                        busy={busy}
                      >
                        {t('admin:delete')}
                      </BusyButton>
                    </>
                  )}
                </TemplateItem>
              ))}
            </ul>
            {confirmDelete.dialog}
          </>
        )}
      </Loaded>
    </AdminFrame>
  );
}

function MakeDefaultButton({ name, busy, onClick }: { name: string; busy: boolean; onClick: () => void }) {
  const { t } = useTranslation('templates');
  return (
    <BusyButton
      type="button"
      className="button"
      aria-label={t('makeDefaultLabel', { name })}
      onClick={onClick}
      busy={busy}
    >
      {t('makeDefault')}
    </BusyButton>
  );
}
