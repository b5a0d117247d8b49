import i18next from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Table } from '../../shared/Table';
import type { AdminUser } from '../adminApi';
import { roleLabel } from '../../shared/format';
import { Link, paths } from '../../shared/router';

/** "Enrolled" or "Pending", in the page's language. */
export function enrollmentLabel(user: Pick<AdminUser, 'enrollment'>): string {
  return i18next.t('users:enrollment', { enrollment: user.enrollment });
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
  // On a phone the Status comes first and the username, email and role go under the name: nothing scrolls out of
  // sight, whatever the length of the names or the language.
  const narrow = useMediaQuery(NARROW);
  const status = (user: AdminUser) => (
    <td>
      <span className={user.enrollment === 'enrolled' ? 'pill pill--ok' : 'pill pill--pending'}>
        {enrollmentLabel(user)}
      </span>
    </td>
  );
  const email = (user: AdminUser) => user.email ?? <span className="muted">{t('noEmail')}</span>;
  const role = (user: AdminUser) => (
    <>
      {roleLabel(user.role)}
      {user.status === 'disabled' && <span className="badge badge--muted">{t('disabledBadge')}</span>}
    </>
  );
  return (
    <Table
      caption={t('tableCaption')}
      columns={[
        !!onToggle && { label: <span className="visually-hidden">{t('selectColumn')}</span> },
        narrow && t('statusColumn'),
        t('nameColumn'),
        !narrow && t('usernameColumn'),
        !narrow && t('emailColumn'),
        !narrow && t('roleColumn'),
        !narrow && t('statusColumn'),
      ]}
      boxClassName={narrow ? 'table-wrap users-table users-table--narrow' : 'table-wrap users-table'}
    >
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
          {narrow && status(user)}
          <th scope="row">
            <Link to={paths.adminUser(org, user.id)}>{user.displayName}</Link>
            {narrow && (
              <>
                <span className="users-table__detail">{user.username}</span>
                <span className="users-table__detail">{email(user)}</span>
                <span className="users-table__detail">{role(user)}</span>
              </>
            )}
          </th>
          {!narrow && <td className="long">{user.username}</td>}
          {!narrow && <td className="long">{email(user)}</td>}
          {!narrow && <td>{role(user)}</td>}
          {!narrow && status(user)}
        </tr>
      ))}
    </Table>
  );
}

/** Where the Users table switches to its phone layout (the same width as the stylesheet's narrow rules). */
const NARROW = '(max-width: 40rem)';

/** Whether a media query matches, following changes (a phone turned, a window resized). */
function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}
