import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packageFile } from '../shared/package-file.js';

/** One decoded icon, served as a file of its own (never inlined into API answers). */
export interface AuthenticatorIcon {
  type: 'image/svg+xml' | 'image/png';
  body: Buffer;
}

/** The two URL paths of an authenticator's icon; a list with one variant only gives it for both. */
export interface AuthenticatorIconPaths {
  light: string;
  dark: string;
}

export interface AuthenticatorIcons {
  paths(aaguid: string): AuthenticatorIconPaths | null;
  /** By file name: `<aaguid>-<light|dark>-<content hash>.<svg|png>`. */
  file(name: string): AuthenticatorIcon | null;
}

export const ICON_PREFIX = '/authenticator-icons/';
const AAGUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NONE_AAGUID = '00000000-0000-0000-0000-000000000000';
const DATA_URI = /^data:(image\/svg\+xml|image\/png);base64,([A-Za-z0-9+/]+={0,2})$/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// The maintained list is about 320 kB and FIDO's combined one a few MB: anything far bigger is not that file.
const MAX_FILE_BYTES = 32 * 1024 * 1024;
const MAX_ICON_BYTES = 256 * 1024;

// The maintained list, vendored (authenticator-icons/README.md); tsconfig.json's include has tsc copy it into dist.
const VENDORED_PATH = path.join('src', 'passkeys', 'authenticator-icons', 'aaguid.json');
// Looked for in the package only, never where the server was started.
const VENDORED_LIST = packageFile(VENDORED_PATH);

/** A data URI's image when it is one we serve (an SVG document or a PNG); anything else is no icon. */
function decodeIcon(value: unknown): AuthenticatorIcon | null {
  if (typeof value !== 'string' || value.length > MAX_ICON_BYTES * 2) return null;
  const match = DATA_URI.exec(value);
  if (!match) return null;
  const type = match[1] as AuthenticatorIcon['type'];
  const body = Buffer.from(match[2]!, 'base64');
  if (body.length === 0 || body.length > MAX_ICON_BYTES) return null;
  if (type === 'image/png') return body.subarray(0, 8).equals(PNG_SIGNATURE) ? { type, body } : null;
  // An XML document (declaration, doctype or comments may come first) with an <svg> element.
  const text = body
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return text.startsWith('<') && /<svg[\s>]/.test(text) ? { type, body } : null;
}

/**
 * Reads an AAGUID list in the shape of passkeydeveloper/passkey-authenticator-aaguids' aaguid.json
 * (`{ "<aaguid>": { name, icon_light?, icon_dark? } }`). A file that cannot be read or is not such an
 * object stops start-up; an entry whose icons are not SVG or PNG data URIs just has no icon.
 * `source` names the list in those errors.
 */
export function loadAuthenticatorIcons(file: string, source = 'AAGUID_METADATA_FILE'): AuthenticatorIcons {
  let list: unknown;
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
    list = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as Error).message;
    throw new TypeError(`${source} must be a readable JSON file (${file}: ${reason})`, { cause: error });
  }
  if (typeof list !== 'object' || list === null || Array.isArray(list))
    throw new TypeError(`${source} must be a JSON object of AAGUIDs (${file} is not)`);
  const byAaguid = new Map<string, AuthenticatorIconPaths>();
  const byFile = new Map<string, AuthenticatorIcon>();
  const add = (aaguid: string, variant: 'light' | 'dark', icon: AuthenticatorIcon) => {
    // The content hash in the name lets browsers keep an icon for a year and still see a new one.
    const hash = createHash('sha256').update(icon.body).digest('hex').slice(0, 12);
    const name = `${aaguid}-${variant}-${hash}.${icon.type === 'image/png' ? 'png' : 'svg'}`;
    byFile.set(name, icon);
    return `${ICON_PREFIX}${name}`;
  };
  for (const [key, entry] of Object.entries(list)) {
    const aaguid = key.toLowerCase();
    if (!AAGUID.test(aaguid) || aaguid === NONE_AAGUID || typeof entry !== 'object' || entry === null) continue;
    const { icon_light: lightUri, icon_dark: darkUri } = entry as Record<string, unknown>;
    const light = decodeIcon(lightUri);
    const dark = decodeIcon(darkUri);
    if (!light && !dark) continue;
    const lightPath = add(aaguid, 'light', (light ?? dark)!);
    byAaguid.set(aaguid, { light: lightPath, dark: dark ? add(aaguid, 'dark', dark) : lightPath });
  }
  return {
    paths: (aaguid) => byAaguid.get(aaguid.toLowerCase()) ?? null,
    file: (name) => byFile.get(name) ?? null,
  };
}

// Read once per process and file: the list changes only when the operator replaces it and restarts.
const loaded = new Map<string, AuthenticatorIcons>();

/** The icons of AAGUID_METADATA_FILE (a newer list the operator downloaded), else of the vendored list. */
export function authenticatorIcons(config: { aaguidMetadataFile?: string }): AuthenticatorIcons {
  const file = config.aaguidMetadataFile ?? VENDORED_LIST;
  if (file === undefined)
    throw new TypeError(`The vendored AAGUID list is missing from the package (${VENDORED_PATH})`);
  let icons = loaded.get(file);
  if (!icons) {
    const source = config.aaguidMetadataFile ? 'AAGUID_METADATA_FILE' : 'The vendored AAGUID list';
    loaded.set(file, (icons = loadAuthenticatorIcons(file, source)));
  }
  return icons;
}
