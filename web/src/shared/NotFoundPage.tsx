import { useTranslation } from 'react-i18next';
import { CardPage } from './Layout';
import { useTitle } from './hooks';
import { Link } from './router';

export function NotFoundPage() {
  const { t } = useTranslation('landing');
  useTitle(t('notFoundTitle'));
  return (
    <CardPage>
      <h1>{t('notFoundTitle')}</h1>
      <p>{t('notFoundText')}</p>
      <p>
        <Link to="/">{t('goToLatchkey')}</Link>
      </p>
    </CardPage>
  );
}
