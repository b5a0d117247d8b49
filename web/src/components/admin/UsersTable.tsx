import type { AdminUser } from '../../adminApi';
import { roleLabel } from '../../format';
import { Link, paths } from '../../router';

export function enrollmentLabel(user: Pick<AdminUser, 'enrollment'>): string {
  return user.enrollment === 'enrolled' ? 'Enrolled' : 'Pending';
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
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Users and whether they have enrolled a passkey</caption>
        <thead>
          <tr>
            {onToggle && (
              <th scope="col">
                <span className="visually-hidden">Select</span>
              </th>
            )}
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
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
                      aria-label={`Select ${user.displayName}`}
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
              <td>{user.email ?? <span className="muted">None</span>}</td>
              <td>
                {roleLabel(user.role)}
                {user.status === 'disabled' && <span className="badge badge--muted">Disabled</span>}
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
