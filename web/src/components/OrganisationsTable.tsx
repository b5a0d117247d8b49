import type { Organisation } from '../api';

/** The passkey state of an organisation, in the words of its Org Settings. */
export function passkeyState(org: Organisation): string {
  if (!org.passkeysAvailable) return 'Not available';
  if (!org.passkeysEnabled) return 'Available, off';
  return org.passkeysMandatory ? 'Mandatory' : 'Optional';
}

/** Every organisation, each with the operator's "Passkeys available" switch. */
export function OrganisationsTable({
  organisations,
  busySlug,
  onToggle,
  onAddAdmin,
}: {
  organisations: Organisation[];
  /** The organisation whose switch is being saved. */
  busySlug: string | null;
  onToggle: (org: Organisation, available: boolean) => void;
  /** "Add administrator" on this organisation's row. */
  onAddAdmin: (org: Organisation) => void;
}) {
  if (organisations.length === 0) return <p className="empty">There are no organisations yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Organisations and whether passkeys are available to them</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Short name</th>
            <th scope="col" className="num">
              Members
            </th>
            <th scope="col">Passkeys</th>
            <th scope="col">Passkey domain</th>
            <th scope="col">Passkeys available</th>
            <th scope="col">Administrators</th>
          </tr>
        </thead>
        <tbody>
          {organisations.map((org) => (
            <tr key={org.slug}>
              <th scope="row">{org.name}</th>
              <td>
                <code>{org.slug}</code>
              </td>
              <td className="num">{org.members}</td>
              <td>{passkeyState(org)}</td>
              <td>{org.rpId ? <code>{org.rpId}</code> : 'Shared'}</td>
              <td>
                <input
                  type="checkbox"
                  className="switch"
                  aria-label={`Passkeys available for ${org.name}`}
                  checked={org.passkeysAvailable}
                  disabled={busySlug === org.slug}
                  onChange={(e) => onToggle(org, e.target.checked)}
                />
              </td>
              <td>
                {org.admins === 0 ? <span className="badge badge--warning">No administrator</span> : org.admins}{' '}
                <button
                  type="button"
                  className="button button--quiet"
                  aria-label={`Add administrator to ${org.name}`}
                  onClick={() => onAddAdmin(org)}
                >
                  Add administrator
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
