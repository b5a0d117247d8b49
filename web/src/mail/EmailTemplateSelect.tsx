import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, orgApi } from '../shared/api';
import type { EmailTemplates } from '../admin/adminApi';
import { Alert } from '../shared/Messages';
import { Field } from '../shared/Fields';

/** The `<option>` value standing for the built-in template (whose templateId is null). */
const BUILT_IN = '';

/**
 * "Email template": the built-in template and the organisation's own, the default one chosen at first.
 * `value` undefined: not loaded yet; it becomes the default's id (null: built-in) once loaded.
 */
export function EmailTemplateSelect({
  org,
  value,
  onChange,
  disabled,
}: {
  org: string;
  value: string | null | undefined;
  onChange: (templateId: string | null) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('templates');
  const id = useId();
  const [templates, setTemplates] = useState<EmailTemplates | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    orgApi(org)
      .get('/admin/email-templates')
      .then(
        (result) => {
          if (!active) return;
          setTemplates(result);
          if (value === undefined) onChange(result.defaultTemplateId);
        },
        (err: unknown) => active && setError(errorMessage(err)),
      );
    return () => {
      active = false;
    };
    // Loaded once when shown; `value` and `onChange` only matter for the first choice.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [org]);

  const isDefault = (templateId: string | null) => templates?.defaultTemplateId === templateId;
  const optionName = (templateId: string | null, name: string) =>
    isDefault(templateId) ? t('optionDefault', { name }) : name;

  return (
    <Field id={`${id}-template`} label={t('selectLabel')}>
      <select
        id={`${id}-template`}
        value={value ?? BUILT_IN}
        disabled={disabled || !templates}
        onChange={(e) => onChange(e.target.value === BUILT_IN ? null : e.target.value)}
      >
        {templates ? (
          <>
            <option value={BUILT_IN}>{optionName(null, templates.builtIn.name)}</option>
            {templates.templates.map((template) => (
              <option key={template.id} value={template.id}>
                {optionName(template.id, template.name)}
              </option>
            ))}
          </>
        ) : (
          <option value={BUILT_IN}>{t('loading')}</option>
        )}
      </select>
      <Alert message={error} />
    </Field>
  );
}
