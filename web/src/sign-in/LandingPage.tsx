import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CardPage } from '../shared/Layout';
import { useTitle } from '../shared/hooks';
import { paths, useRouter } from '../shared/router';
import { AS_TYPED, TextField } from '../shared/Fields';
import { Alert } from '../shared/Messages';

// An organisation's short name, as its addresses carry it (the server's Slug, src/orgs/schemas.ts).
const SHORT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** "/": choose the organisation to sign in to. */
export function LandingPage() {
  useTitle('');
  const { t } = useTranslation('landing');
  const { navigate } = useRouter();
  const [slug, setSlug] = useState('');
  const [error, setError] = useState<string | null>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const org = slug.trim().toLowerCase();
    // "Acme Corp" (the organisation's full name, as autofill offers it) is no address: say what is asked for.
    if (!SHORT_NAME.test(org)) return setError(t('shortNameExpected'));
    navigate(paths.signIn(org));
  }

  return (
    <CardPage>
      <h1>Latchkey</h1>
      <p>{t('intro')}</p>
      <form onSubmit={onSubmit} className="stack">
        <Alert message={error} />
        <TextField
          id="organisation"
          label={t('organisationLabel')}
          hint={t('organisationHint')}
          name="organisation"
          autoComplete="organization"
          {...AS_TYPED}
          required
          value={slug}
          onChange={(e) => {
            setSlug(e.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="button button--primary button--block">
          {t('continueButton')}
        </button>
      </form>
    </CardPage>
  );
}
