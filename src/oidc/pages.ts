import type { KoaContextWithOIDC } from 'oidc-provider';

const escape = (value: string) => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

// The provider's own pages: plain HTML with no script or inline style, under the strict CSP.
function page(ctx: KoaContextWithOIDC, title: string, body: string) {
  ctx.type = 'html';
  ctx.body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

/** RP-initiated logout asks first, so a link on another site cannot sign the member out. */
export async function logoutPage(ctx: KoaContextWithOIDC, form: string) {
  const app = ctx.oidc.client?.clientName;
  page(
    ctx,
    'Sign out',
    `${form}<p>${app ? `${escape(app)} asks to sign you out.` : 'Sign out of your organisation?'}</p>` +
      '<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button> ' +
      '<button type="submit" form="op.logoutForm">Stay signed in</button>',
  );
}

export async function loggedOutPage(ctx: KoaContextWithOIDC) {
  page(ctx, 'Signed out', '<p>You are signed out. You can close this window.</p>');
}

/** Errors the provider cannot send back to the app (e.g. an unknown redirect URI): never redirected. */
export async function errorPage(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) {
  page(
    ctx,
    'This app could not sign you in',
    `<p>${escape(out.error_description ?? 'The request from the app is not valid.')}</p>` +
      `<p><code>${escape(out.error)}</code></p>`,
  );
}
