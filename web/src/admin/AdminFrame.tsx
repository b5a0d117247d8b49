import type { ReactNode, Ref } from 'react';
import type { MeResponse, OrgInfo } from '../shared/api';
import { AccountLayout, type AccountPage } from '../shared/Layout';
import { Alert } from '../shared/Messages';

/** What an admin page knows before its own data: the signed-in admin (or why not) and the organisation. */
export interface AdminShell {
  me: MeResponse | null;
  meError: string | null;
  info: OrgInfo | null;
}

/**
 * An admin page's frame: the account layout, the page's heading (with a breadcrumb above it and a section's
 * navigation below, where it has them), then the admin's own error above the content. With `headingRef` the
 * heading can take focus, for when the button pressed goes away.
 */
export function AdminFrame({
  org,
  shell,
  current,
  title,
  headingRef,
  breadcrumb,
  subnav,
  table,
  children,
}: {
  org: string;
  shell: AdminShell;
  current: AccountPage;
  title: string;
  headingRef?: Ref<HTMLHeadingElement>;
  breadcrumb?: ReactNode;
  subnav?: ReactNode;
  /** Built around a data table: see AccountLayout. */
  table?: boolean;
  children: ReactNode;
}) {
  return (
    <AccountLayout org={org} orgName={shell.info?.name} current={current} role={shell.me?.user.role} table={table}>
      {breadcrumb}
      <h1 ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
        {title}
      </h1>
      {subnav}
      <Alert message={shell.meError} />
      {children}
    </AccountLayout>
  );
}
