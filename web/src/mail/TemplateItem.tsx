import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n/languages';
import { ItemRow } from '../shared/ItemList';

/**
 * One template in the list: its name and subject, "Default" when it is, its text on demand, and its buttons. The
 * built-in one says its language: the organisation's, whatever the page's.
 */
export function TemplateItem({
  name,
  subject,
  body,
  isDefault,
  builtIn,
  language,
  children,
}: {
  name: string;
  subject: string;
  body: string;
  isDefault: boolean;
  builtIn: boolean;
  /** The language it is written in, where it is the built-in one. */
  language?: Language;
  /** The buttons. */
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation('templates');
  // Named in the page's language: "Englisch" on a German page.
  const languageName = (code: Language) => new Intl.DisplayNames([i18n.language], { type: 'language' }).of(code);
  return (
    <ItemRow actions={children}>
      <p className="item__title">
        {name}
        {isDefault && <span className="badge">{t('defaultBadge')}</span>}
        {builtIn && <span className="badge badge--muted">{t('builtInBadge')}</span>}
      </p>
      <p className="item__meta">{t('subjectLine', { subject })}</p>
      {language && <p className="item__meta">{t('builtInLanguage', { language: languageName(language) })}</p>}
      <details className="template-text">
        <summary>{t('showText')}</summary>
        <pre className="preview__body">{body}</pre>
      </details>
    </ItemRow>
  );
}
