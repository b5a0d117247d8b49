import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi } from '../shared/api';
import { isLanguage, LANGUAGE_NAMES, type Language } from '../i18n/languages';
import { LanguageOptions } from '../i18n/LanguageOptions';
import { Field } from '../shared/Fields';
import { useAction } from '../shared/useAction';
import { useAdminData } from '../admin/useAdminData';
import { FormActions } from '../shared/BusyButton';
import { Alert, Loading, MessageView, reportError, type OrgReporting } from '../shared/Messages';

const SOURCE = 'organisation-language';

/**
 * Org Settings > Organisation language: the pages' language for members whose browser asks for none we have,
 * and the language of the built-in enrollment email. A member's own choice in the footer still wins.
 */
export function OrganisationLanguageSection({ org, message, report, describeError }: OrgReporting) {
  const { t } = useTranslation('policy');
  const id = useId();
  const { data, error, setData } = useAdminData(org, '/admin/settings/language');
  const [draft, setDraft] = useState<Language | null>(null);
  const { run, busy } = useAction();
  const chosen = draft ?? data?.defaultLanguage ?? 'en';

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    report(null);
    void run(
      async () => {
        const saved = await orgApi(org).put('/admin/settings/language', { defaultLanguage: chosen });
        setData(saved);
        setDraft(null);
        report({
          kind: 'status',
          text: t('languageSaved', { language: LANGUAGE_NAMES[saved.defaultLanguage] }),
          source: SOURCE,
        });
      },
      { onError: reportError(report, SOURCE, describeError) },
    );
  }

  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('languageHeading')}</h2>
      <p className="muted">{t('languageIntro')}</p>
      <Alert message={error} />
      <MessageView message={message} source={SOURCE} />
      {data ? (
        <form onSubmit={onSubmit} className="inline-form">
          <Field id={`${id}-language`} label={t('languageLabel')}>
            <select
              id={`${id}-language`}
              value={chosen}
              onChange={(event) => {
                if (message?.source === SOURCE) report(null);
                if (isLanguage(event.target.value)) setDraft(event.target.value);
              }}
            >
              <LanguageOptions />
            </select>
          </Field>
          <FormActions submit={t('languageSave')} busy={busy} primary={false} />
        </form>
      ) : (
        !error && <Loading />
      )}
    </section>
  );
}
