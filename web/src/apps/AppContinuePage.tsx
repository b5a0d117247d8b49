import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CardPage } from '../shared/Layout';
import { Loading } from '../shared/Messages';
import { useRouter } from '../shared/router';
import { continueUrl } from './appsApi';

/**
 * `/o/:org/continue?interaction=…`: after signing in (and any passkey prompt), back to the server, which returns to the
 * app.
 */
export function AppContinuePage({ org }: { org: string }) {
  const { location } = useRouter();
  const { t } = useTranslation('my-apps');
  const uid = new URLSearchParams(location.search).get('interaction') ?? '';
  useEffect(() => window.location.replace(continueUrl(org, uid)), [org, uid]);
  return (
    <CardPage>
      <h1>{t('returningHeading')}</h1>
      <Loading />
    </CardPage>
  );
}
