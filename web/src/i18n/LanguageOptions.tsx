import { LANGUAGE_NAMES, LANGUAGES } from './languages';

/** A select's options, one for each language of the pages, each named in its own language (and marked so). */
export function LanguageOptions() {
  return (
    <>
      {LANGUAGES.map((language) => (
        <option key={language} value={language} lang={language}>
          {LANGUAGE_NAMES[language]}
        </option>
      ))}
    </>
  );
}
