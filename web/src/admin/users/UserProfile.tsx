import { useTranslation } from 'react-i18next';
import type { AdminUserDetail } from '../adminApi';
import { formatDate, roleLabel } from '../../shared/format';
import { enrollmentLabel } from './UsersTable';

/** The facts about a user an admin needs before enrolling or recovering them. */
export function UserProfile({ detail }: { detail: AdminUserDetail }) {
  const { t } = useTranslation('users');
  const { user } = detail;
  return (
    <section aria-labelledby="user-profile">
      <h2 id="user-profile" className="visually-hidden">
        {t('profileHeading')}
      </h2>
      <dl className="details">
        <dt>{t('usernameLabel')}</dt>
        <dd>{user.username}</dd>
        <dt>{t('emailLabel')}</dt>
        <dd>{user.email ?? t('noEmail')}</dd>
        <dt>{t('roleLabel')}</dt>
        <dd>{roleLabel(user.role)}</dd>
        <dt>{t('statusColumn')}</dt>
        <dd>
          {enrollmentLabel(user)}
          {user.status === 'disabled' ? ` · ${t('disabledBadge')}` : ''}
        </dd>
        <dt>{t('passwordTerm')}</dt>
        <dd>
          {user.hasPassword ? t('passwordSet') : t('passwordNotSet')}
          {user.passwordLockedUntil !== null && (
            // Strangers' wrong passwords lock only unknown browsers: browsers the member signed in on still work.
            <span className="hint">
              {' · '}
              {t('passwordLockedUntil', { until: formatDate(user.passwordLockedUntil) })}
            </span>
          )}
        </dd>
        <dt>{t('lastSignInTerm')}</dt>
        <dd>{user.lastSignInAt ? formatDate(user.lastSignInAt) : t('never')}</dd>
      </dl>
    </section>
  );
}
