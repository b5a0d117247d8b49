import fs from 'node:fs';
import path from 'node:path';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { pageLanguage, type Language } from '../orgs/languages.js';
import { findOrganisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { findApp } from './clients.js';
import { OIDC_PAGE_TEXTS } from './page-texts.js';

const escape = (value: string) => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const stylesheets = new Map<string, string>();

/** The web pages' stylesheet links (from the built index.html, read once), so these pages look like them. */
function webStylesheets(webRoot: string): string {
  let links = stylesheets.get(webRoot);
  if (links === undefined) {
    let index = '';
    try {
      index = fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
    } catch {
      // Not built: the pages are plain, and still work.
    }
    links = (index.match(/<link rel="stylesheet"[^>]*>/g) ?? []).join('');
    stylesheets.set(webRoot, links);
  }
  return links;
}

// The provider's own pages: HTML with no script or inline style, under the strict CSP, in the web pages' card.
function page(deps: Deps, ctx: KoaContextWithOIDC, language: Language, title: string, body: string) {
  ctx.type = 'html';
  ctx.body =
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>` +
    `${webStylesheets(deps.config.webRoot)}</head>` +
    `<body><main class="page page--narrow"><div class="card"><h1>${escape(title)}</h1>${body}</div></main>` +
    `</body></html>`;
}

/** The request names an app of the organisation that an admin disabled (to the provider, an unknown client). */
async function namesDisabledApp(deps: Deps, ctx: KoaContextWithOIDC, orgId: string): Promise<boolean> {
  const clientId = ctx.oidc?.params?.client_id ?? ctx.query.client_id;
  if (typeof clientId !== 'string') return false;
  return ((await findApp(deps, { orgId, clientId }))?.disabled_at ?? null) !== null;
}

/**
 * The organisation's sign-out confirmation, signed-out and error pages, in the language its web pages would
 * show: the browser's first language we have, else the organisation's default (read when the page is shown, so
 * a change applies at once).
 */
export function oidcPages(deps: Deps, { slug }: { slug: string }) {
  const languageOf = async (ctx: KoaContextWithOIDC): Promise<Language> =>
    pageLanguage(ctx.get('accept-language'), (await findOrganisation(deps, { slug }))?.default_language);

  return {
    /** RP-initiated logout asks first, so a link on another site cannot sign the member out. */
    logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
      const language = await languageOf(ctx);
      const t = OIDC_PAGE_TEXTS[language];
      const app = ctx.oidc.client?.clientName;
      const question = app ? t.appAsksToSignOut.replace('{app}', app) : t.signOutQuestion;
      page(
        deps,
        ctx,
        language,
        t.signOutTitle,
        `${form}<p>${escape(question)}</p><div class="actions">` +
          `<button type="submit" class="button button--primary" form="op.logoutForm" name="logout" value="yes">` +
          `${escape(t.signOut)}</button>` +
          `<button type="submit" class="button" form="op.logoutForm">${escape(t.staySignedIn)}</button></div>`,
      );
    },

    postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
      const language = await languageOf(ctx);
      const t = OIDC_PAGE_TEXTS[language];
      page(deps, ctx, language, t.signedOutTitle, `<p>${escape(t.signedOut)}</p>`);
    },

    /**
     * Errors the provider cannot send back to the app (e.g. an unknown redirect URI): never redirected. The
     * provider's description is for the app's developers, in English. A sign-out's error says it is one. Either
     * leads to the organisation's home (its sign-in page for someone signed out): the app sent nowhere to go.
     */
    renderError: async (ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) => {
      const language = await languageOf(ctx);
      const t = OIDC_PAGE_TEXTS[language];
      const org = await findOrganisation(deps, { slug });
      const description = out.error_description ? `: ${escape(out.error_description)}` : '';
      const code = `<code>${escape(out.error)}</code>`;
      const disabled = out.error === 'invalid_client' && org && (await namesDisabledApp(deps, ctx, org.id));
      const details = disabled
        ? `<p>${escape(t.appDisabled)}</p>`
        : `<p>${escape(t.invalidRequest)}</p><p lang="en">${code}${description}</p>`;
      // end_session, end_session_confirm, end_session_success: oidc-provider's names for RP-initiated logout.
      const title = ctx.oidc?.route?.startsWith('end_session') ? t.signOutErrorTitle : t.errorTitle;
      const name = org?.name ?? slug;
      const home = `/o/${encodeURIComponent(slug)}/`;
      const goTo = escape(t.goToOrganisation.replace('{organisation}', name));
      page(deps, ctx, language, title, `${details}<p><a href="${escape(home)}">${goTo}</a></p>`);
    },
  };
}
