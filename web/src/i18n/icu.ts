import type { Module } from 'i18next';

/**
 * The part of ICU MessageFormat the catalogs use, in 1 kB instead of intl-messageformat's 11 kB gzipped:
 * `{name}`, `{n, plural, =0 {…} one {# …} other {…}}` and `{x, select, a {…} other {…}}`, nested, with ICU's
 * apostrophe quoting. Tags (`<strong>`) stay text for react-i18next's <Trans>, as i18next-icu's `ignoreTag`.
 * test/i18n-icu.test.ts checks it formats every message of every catalog as intl-messageformat does.
 */
type Node = string | typeof POUND | { name: string; kind?: 'plural' | 'select'; options?: Record<string, Node[]> };
/** `#` in a plural branch: the number, in the page's language. */
const POUND = { pound: true } as const;

class MessageSyntaxError extends Error {}

function parseMessage(message: string): Node[] {
  let at = 0;
  const fail = (): never => {
    throw new MessageSyntaxError(`invalid ICU message at ${at}: ${message}`);
  };
  const skipSpace = () => {
    while (/\s/.test(message[at] ?? '')) at++;
  };
  const word = () => {
    skipSpace();
    const start = at;
    while (at < message.length && !/[\s,{}]/.test(message[at]!)) at++;
    return at > start ? message.slice(start, at) : fail();
  };
  // Text up to the next unquoted brace (or `#` inside a plural branch).
  const nodes = (inPlural: boolean): Node[] => {
    const out: Node[] = [];
    let text = '';
    while (at < message.length) {
      const c = message[at]!;
      if (c === "'") {
        const next = message[at + 1];
        if (next === "'") {
          text += "'";
          at += 2;
        } else if (next === '{' || next === '}' || (inPlural && next === '#')) {
          const end = message.indexOf("'", at + 1);
          text += message.slice(at + 1, end < 0 ? message.length : end);
          at = end < 0 ? message.length : end + 1;
        } else {
          text += c;
          at++;
        }
      } else if (c === '}') break;
      else if (c === '#' && inPlural) {
        out.push(text, POUND);
        text = '';
        at++;
      } else if (c === '{') {
        at++;
        out.push(text, argument());
        text = '';
      } else {
        text += c;
        at++;
      }
    }
    out.push(text);
    return out.filter((node) => node !== '');
  };
  const argument = (): Node => {
    const name = word();
    skipSpace();
    if (message[at] === '}') {
      at++;
      return { name };
    }
    if (message[at++] !== ',') fail();
    const kind = word();
    if (kind !== 'plural' && kind !== 'select') return fail();
    skipSpace();
    if (message[at++] !== ',') fail();
    const options: Record<string, Node[]> = {};
    for (;;) {
      skipSpace();
      if (message[at] === '}') break;
      const key = word();
      skipSpace();
      if (message[at++] !== '{') fail();
      options[key] = nodes(kind === 'plural');
      if (message[at++] !== '}') fail();
    }
    at++;
    if (!options.other) fail();
    return { name, kind, options };
  };
  const parsed = nodes(false);
  if (at < message.length) fail();
  return parsed;
}

function format(nodes: Node[], values: Record<string, unknown>, locale: string, count?: number): string {
  let out = '';
  for (const node of nodes) {
    if (typeof node === 'string') out += node;
    else if ('pound' in node) out += count!.toLocaleString(locale);
    else {
      if (!(node.name in values)) throw new Error(`no value for {${node.name}}`);
      const value = values[node.name];
      if (!node.options) out += typeof value === 'string' || typeof value === 'number' ? String(value) : '';
      else if (node.kind === 'select')
        out += format(node.options[String(value)] ?? node.options.other!, values, locale);
      else {
        const n = Number(value);
        const branch = node.options[`=${n}`] ?? node.options[new Intl.PluralRules(locale).select(n)];
        out += format(branch ?? node.options.other!, values, locale, n);
      }
    }
  }
  return out;
}

const parsed = new Map<string, Node[]>();

/** Formats one message; throws on a syntax error or a missing value. */
export function formatMessage(message: string, values: Record<string, unknown>, locale: string): string {
  let nodes = parsed.get(message);
  if (!nodes) parsed.set(message, (nodes = parseMessage(message)));
  return format(nodes, values, locale);
}

/** i18next's `i18nFormat` plugin: like i18next-icu, a message that cannot be formatted is shown as written. */
export const icu: Module & Record<string, unknown> = {
  type: 'i18nFormat',
  init() {},
  parse(message: string, values: Record<string, unknown> | undefined, locale: string) {
    try {
      return formatMessage(message, values ?? {}, locale);
    } catch {
      return message;
    }
  },
  addLookupKeys: (keys: string[]) => keys,
};
