import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage } from './index';
import { isLanguage } from './languages';
import { LanguageOptions } from './LanguageOptions';

/** In every page's footer: the language of the pages, remembered in this browser. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation('common');
  const id = useId();
  return (
    <span className="language-switcher">
      <label htmlFor={id}>{t('language')}</label>{' '}
      <select
        id={id}
        value={i18n.language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) void chooseLanguage(event.target.value);
        }}
      >
        <LanguageOptions />
      </select>
    </span>
  );
}
