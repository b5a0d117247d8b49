import type { AdminUserDetail } from '../../adminApi';
import { formatDate, roleLabel } from '../../format';
import { enrollmentLabel } from './UsersTable';

/** The facts about a user an admin needs before enrolling or recovering them. */
export function UserProfile({ detail }: { detail: AdminUserDetail }) {
  const { user } = detail;
  return (
    <section aria-labelledby="user-profile">
      <h2 id="user-profile" className="visually-hidden">
        Profile
      </h2>
      <dl className="details">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Email</dt>
        <dd>{user.email ?? 'None'}</dd>
        <dt>Role</dt>
        <dd>{roleLabel(user.role)}</dd>
        <dt>Status</dt>
        <dd>
          {enrollmentLabel(user)}
          {user.status === 'disabled' ? ' · Disabled' : ''}
        </dd>
        <dt>Password</dt>
        <dd>
          {user.hasPassword ? 'Set' : 'Not set'}
          {user.passwordLockedUntil !== null && (
            // Strangers' wrong passwords lock only unknown browsers: browsers the member signed in on still work.
            <span className="hint">
              {' '}
              · Password sign-in locked for unknown browsers until {formatDate(user.passwordLockedUntil)}
            </span>
          )}
        </dd>
        <dt>Last sign-in</dt>
        <dd>{user.lastSignInAt ? formatDate(user.lastSignInAt) : 'Never'}</dd>
      </dl>
    </section>
  );
}
