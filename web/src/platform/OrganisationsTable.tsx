import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../shared/api';

/** The passkey state of an organisation, in the words of its Org Settings. */
export function passkeyState(org: Organisation): string {
  if (!org.passkeysAvailable) return i18next.t('platform:stateNotAvailable');
  if (!org.passkeysEnabled) return i18next.t('platform:stateOff');
  return org.passkeysMandatory ? i18next.t('platform:stateMandatory') : i18next.t('platform:stateOptional');
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
  const { t } = useTranslation('platform');
  if (organisations.length === 0) return <p className="empty">{t('noOrganisations')}</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colName')}</th>
            <th scope="col">{t('colShortName')}</th>
            <th scope="col" className="num">
              {t('colMembers')}
            </th>
            <th scope="col">{t('colPasskeys')}</th>
            <th scope="col">{t('colDomain')}</th>
            <th scope="col">{t('colAvailable')}</th>
            <th scope="col">{t('colAdmins')}</th>
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
              <td>{org.rpId ? <code>{org.rpId}</code> : t('domainShared')}</td>
              <td>
                <input
                  type="checkbox"
                  className="switch"
                  aria-label={t('availableFor', { name: org.name })}
                  checked={org.passkeysAvailable}
                  // Stays focusable while its change is saved (a disabled switch would drop the keyboard's place).
                  aria-disabled={busySlug === org.slug || undefined}
                  onChange={(e) => {
                    if (busySlug !== org.slug) onToggle(org, e.target.checked);
                  }}
                />
              </td>
              <td>
                {org.admins === 0 ? <span className="badge badge--warning">{t('noAdmin')}</span> : org.admins}{' '}
                <button
                  type="button"
                  className="button button--quiet"
                  aria-label={t('addAdminTo', { name: org.name })}
                  onClick={() => onAddAdmin(org)}
                >
                  {t('addAdmin')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
