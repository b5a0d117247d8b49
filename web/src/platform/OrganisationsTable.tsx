import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { Table } from '../shared/Table';
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
  const [, shortName, members, passkeys, domain, available, admins] = [
    t('colName'),
    t('colShortName'),
    t('colMembers'),
    t('colPasskeys'),
    t('colDomain'),
    t('colAvailable'),
    t('colAdmins'),
  ];
  return (
    <Table
      caption={t('tableCaption')}
      columns={[t('colName'), shortName, { label: members, className: 'num' }, passkeys, domain, available, admins]}
      stacked
    >
      {organisations.map((org) => (
        <tr key={org.slug}>
          <th scope="row">{org.name}</th>
          <td data-label={shortName}>
            <code>{org.slug}</code>
          </td>
          <td data-label={members} className="num">
            {org.members}
          </td>
          <td data-label={passkeys}>{passkeyState(org)}</td>
          <td data-label={domain} className="long">
            {org.rpId ? <code>{org.rpId}</code> : t('domainShared')}
          </td>
          <td data-label={available}>
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
          <td data-label={admins}>
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
    </Table>
  );
}
