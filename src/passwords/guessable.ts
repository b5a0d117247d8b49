/**
 * Passwords that are guessed first (NIST SP 800-63B 3.1.1.2: compare against commonly used, expected or compromised
 * values): a common password (also with digits or symbols around it), a short word inside digits, a number shorter
 * than 10 digits, one character or a short chunk repeated, a run of the alphabet, the digits or a keyboard row, or
 * the member's or organisation's own names with little else.
 */

// The most used passwords of 8 characters or more in public breach lists, and the words inside many others.
const COMMON = new Set(
  (
    'password 12345678 123456789 1234567890 qwertyuiop qwertyui qwerty12 qwerty123 1q2w3e4r 1q2w3e4r5t 1qaz2wsx ' +
    'zaq12wsx iloveyou sunshine princess football baseball basketball welcome letmein trustno1 superman batman ' +
    'starwars whatever dragon monkey master shadow michael jennifer michelle jessica charlie computer corvette ' +
    'mercedes changeme secret admin administrator login passw0rd p@ssw0rd p@ssword abc12345 aa123456 asdfghjk ' +
    'asdfasdf 11223344 987654321 87654321 qazwsxedc 123qweasd q1w2e3r4 hello hello123 freedom internet qwerty ' +
    'liverpool chelsea arsenal pokemon cookie summer winter spring autumn football1 iloveyou1 loveyou ' +
    'solarwinds company'
  ).split(' '),
);

const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const SHORTEST_NUMBER = 10;
export const SHORTEST_CORE = 4;

// Digits, punctuation, spaces and the keyboard's symbols: what people put around a word to pass a rule. Letters of
// any script and other symbols (emoji) are the password's own.
const FILLER = String.raw`[\p{N}\p{P}\p{Z}$+<=>^\x60|~]`;
const LEADING = new RegExp(`^${FILLER}+`, 'u');
const TRAILING = new RegExp(`${FILLER}+$`, 'u');
const OWN_CHARACTER = /[\p{L}\p{N}\p{S}]/gu;

const normalised = (text: string) => text.normalize('NFKC').toLowerCase();
const core = (text: string) => text.replace(TRAILING, '').replace(LEADING, '');
const repeats = (text: string) => /^(.{1,4})\1+$/u.test(text);

function isRun(text: string): boolean {
  if ([...text].length < SHORTEST_CORE) return false;
  return RUNS.some((run) => run.includes(text) || [...run].reverse().join('').includes(text));
}

/** The words of the member's and organisation's names worth looking for: an email's local part, 3 letters up. */
function nameWords(names: ReadonlyArray<string | null | undefined>): string[] {
  return [...names, 'latchkey']
    .flatMap((name) =>
      normalised(name ?? '')
        .split('@')[0]!
        .split(/[^\p{L}\p{N}]+/u),
    )
    .filter((word) => [...word].length >= 3);
}

/**
 * Whether this password is among the first an attacker tries. `names` are the member's own (username, email, display
 * name) and the organisation's (slug, name): a password that is little more than one of them is guessable.
 */
export function isGuessable(password: string, names: ReadonlyArray<string | null | undefined>): boolean {
  const text = normalised(password);
  const middle = core(text);
  if (middle === '') return /^\p{N}+$/u.test(text) ? [...text].length < SHORTEST_NUMBER : true;
  const forms = [text, text.replace(TRAILING, ''), middle];
  if (forms.some((form) => COMMON.has(form) || isRun(form) || repeats(form))) return true;
  if ([...middle].length < SHORTEST_CORE) return true;
  let rest = middle;
  for (const word of nameWords(names)) rest = rest.replaceAll(word, '');
  // Some of it was a name: what else there is must be worth as much as a short word.
  return rest !== middle && (core(rest).match(OWN_CHARACTER)?.length ?? 0) < SHORTEST_CORE;
}
