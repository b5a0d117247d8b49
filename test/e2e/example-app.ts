/** The README's example app (examples/oidc-app), registered and started for a browser journey. */
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createExampleApp } from '../../examples/oidc-app/server.mjs';
import { freePort } from '../support/free-port.js';
import { cli, type RunningServer } from './support.js';

export type ExampleSession =
  NonNullable<Parameters<typeof createExampleApp>[0]['sessions']> extends Map<string, infer S> ? S : never;

/** The example app's table of ID token claims, as a person reads it. */
export const claimShown = (page: Page, name: string) =>
  page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
    .getByRole('cell')
    .textContent();

export interface ExampleApp {
  server: Server;
  origin: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  sessions: Map<string, ExampleSession>;
  close(): void;
}

/** The README's example app, registered with the README's command (`client create`) on its own port. */
export async function startExampleApp(latchkey: RunningServer, flags: string[] = []): Promise<ExampleApp> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const created = JSON.parse(
    cli(latchkey, [
      ...['client', 'create', '--org', 'demo', '--name', 'Example', '--redirect-uri', `${origin}/callback`],
      ...['--post-logout-redirect-uri', `${origin}/`, ...flags],
    ]),
  );
  expect(created).toMatchObject({ redirect_uris: [`${origin}/callback`] });
  const sessions = new Map<string, ExampleSession>();
  const issuer = `${latchkey.origin}/o/demo`;
  const { client_id: clientId, client_secret: clientSecret } = created;
  const server = await createExampleApp({ issuer, clientId, clientSecret, baseUrl: origin, sessions });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  const close = () => {
    server.closeAllConnections();
    server.close();
  };
  return { server, origin, issuer, clientId, clientSecret, sessions, close };
}
