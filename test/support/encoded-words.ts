// No decoder ships in node_modules (nodemailer only encodes; there is no libmime): RFC 2047, the little the tests need.
const WORD = /=\?([^?*]+)(?:\*[^?]*)?\?([BQ])\?([^?]*)\?=/gi;

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? /^[0-9A-F]{2}$/i.exec(text.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(text[i] === '_' ? 0x20 : text.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/**
 * Decodes a header's encoded-words. The whitespace between two of them is not text, and their bytes are
 * joined before decoding: an encoder may split one character's bytes across two words.
 */
export function decodeEncodedWords(value: string): string {
  const joined = value.replace(/\?=\s+(?==\?)/g, '?=');
  let out = '';
  let pending: Buffer[] = [];
  let charset = '';
  let last = 0;
  const flush = () => {
    if (pending.length > 0) out += new TextDecoder(charset).decode(Buffer.concat(pending));
    pending = [];
  };
  for (const match of joined.matchAll(WORD)) {
    const [whole, wordCharset = '', encoding = '', text = ''] = match;
    if (match.index > last || wordCharset.toLowerCase() !== charset) flush();
    out += joined.slice(last, match.index);
    charset = wordCharset.toLowerCase();
    pending.push(wordBytes(encoding, text));
    last = match.index + whole.length;
  }
  flush();
  return out + joined.slice(last);
}
