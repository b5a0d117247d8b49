import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AdminUser } from '../../adminApi';
import { Link, paths } from '../../router';

/** "Enrolled" or "Pending", in the page's language. */
export function enrollmentLabel(user: Pick<AdminUser, 'enrollment'>): string {
  return i18next.t('users:enrollment', { enrollment: user.enrollment });
}

/** "Member", "Editor", "Admin", "Operator", in the page's language. */
export function roleName(role: string): string {
  return i18next.t('users:role', { role });
}

/** Who may be selected for "Send enrollment email": active and Pending. */
export const selectable = (user: AdminUser) => user.status === 'active' && user.enrollment === 'pending';

/** Users: one row each, the name linking to the user's page; Pending users can be selected. */
export function UsersTable({
  org,
  users,
  selected,
  onToggle,
}: {
  org: string;
  users: AdminUser[];
  selected?: ReadonlySet<string>;
  onToggle?: (user: AdminUser, checked: boolean) => void;
}) {
  const { t } = useTranslation('users');
  return (
    <div className="table-wrap users-table">
      <table className="table">
        <caption className="visually-hidden">{t('tableCaption')}</caption>
        <thead>
          <tr>
            {onToggle && (
              <th scope="col">
                <span className="visually-hidden">{t('selectColumn')}</span>
              </th>
            )}
            <th scope="col">{t('nameColumn')}</th>
            <th scope="col">{t('usernameColumn')}</th>
            <th scope="col">{t('emailColumn')}</th>
            <th scope="col">{t('roleColumn')}</th>
            <th scope="col">{t('statusColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              {onToggle && (
                <td>
                  {selectable(user) && (
                    <input
                      type="checkbox"
                      aria-label={t('selectUser', { name: user.displayName })}
                      checked={selected?.has(user.id) ?? false}
                      onChange={(e) => onToggle(user, e.target.checked)}
                    />
                  )}
                </td>
              )}
              <th scope="row">
                <Link to={paths.adminUser(org, user.id)}>{user.displayName}</Link>
              </th>
              <td>{user.username}</td>
              <td>{user.email ?? <span className="muted">{t('none')}</span>}</td>
              <td>
                {roleName(user.role)}
                {user.status === 'disabled' && <span className="badge badge--muted">{t('disabledBadge')}</span>}
              </td>
              <td>
                <span className={user.enrollment === 'enrolled' ? 'pill pill--ok' : 'pill pill--pending'}>
                  {enrollmentLabel(user)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
