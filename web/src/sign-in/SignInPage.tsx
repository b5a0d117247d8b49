import { useTranslation } from 'react-i18next';
import { CardPage } from '../shared/Layout';
import { Alert, Loading, Status } from '../shared/Messages';
import { useOrgInfo, useTitle } from '../shared/hooks';
import { Link, useRouter } from '../shared/router';
import { AppInteraction } from '../apps/AppInteraction';
import { SignInFlow } from './SignInFlow';

/**
 * `/o/:org/sign-in`: identifier-first sign-in, passkey first, password as the fallback, or a code
 * approved on a device where the person is signed in ("Sign in from another device").
 */
export function SignInPage({ org }: { org: string }) {
  const { info, error } = useOrgInfo(org);
  // An app sent the member here to sign in (OpenID Connect).
  const query = new URLSearchParams(useRouter().location.search);
  const interaction = query.get('interaction');
  // Sent here from a page that needs a session (its own ended, in another tab or by an admin): say why.
  const returning = !interaction && query.has('next');
  const { t } = useTranslation('sign-in');
  const title = info ? t('titleTo', { org: info.name }) : t('title');
  useTitle(title);

  if (error) {
    return (
      <CardPage>
        <h1>{t('title')}</h1>
        <Alert message={error} />
        <p>
          <Link to="/">{t('chooseAnotherOrganisation')}</Link>
        </p>
      </CardPage>
    );
  }
  const flow = (loginHint: string | null = null) =>
    info ? <SignInFlow org={org} info={info} loginHint={loginHint} /> : <Loading />;
  return (
    <CardPage>
      <h1>{title}</h1>
      {returning && <Status message={t('signInToContinue')} />}
      {interaction ? (
        <AppInteraction org={org} uid={interaction}>
          {flow}
        </AppInteraction>
      ) : (
        flow()
      )}
    </CardPage>
  );
}
