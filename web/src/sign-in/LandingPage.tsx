import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CardPage } from '../shared/Layout';
import { useTitle } from '../shared/hooks';
import { paths, useRouter } from '../shared/router';
import { AS_TYPED, TextField } from '../shared/Fields';

/** "/": choose the organisation to sign in to. */
export function LandingPage() {
  useTitle('');
  const { t } = useTranslation('landing');
  const { navigate } = useRouter();
  const [slug, setSlug] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const org = slug.trim().toLowerCase();
    if (org) navigate(paths.signIn(org));
  }

  return (
    <CardPage>
      <h1>Latchkey</h1>
      <p>{t('intro')}</p>
      <form onSubmit={onSubmit} className="stack">
        <TextField
          id="organisation"
          label={t('organisationLabel')}
          name="organisation"
          autoComplete="organization"
          {...AS_TYPED}
          required
          value={slug}
          onChange={(e) => setSlug(e.target.value)}
        />
        <button type="submit" className="button button--primary button--block">
          {t('continueButton')}
        </button>
      </form>
    </CardPage>
  );
}
