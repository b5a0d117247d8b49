import { SMTPServer } from 'smtp-server';
import { decodeEncodedWords } from './encoded-words.js';
import { freePort } from './free-port.js';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** From now on, answers 550 to mail for this address (an unknown mailbox). */
  refuseRecipient(address: string): void;
  /** Forgets what was received, and the mailboxes it was told to refuse. */
  clear(): void;
  /** The next message received (or already received and not yet taken). */
  nextMessage(timeoutMs?: number): Promise<ReceivedMail>;
  /** Stops listening; `start()` listens again on the same port (an outage and its end). */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** Parses the little of a text/plain message the tests read: To, Subject and the decoded body. */
function parse(raw: string): ReceivedMail {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? '';
  let body = rest.join('\n\n');
  if (/quoted-printable/i.test(header('Content-Transfer-Encoding'))) {
    body = Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  } else if (/base64/i.test(header('Content-Transfer-Encoding'))) {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  return { to: header('To'), subject: decodeEncodedWords(header('Subject')), text: body.replace(/\r\n/g, '\n').trim() };
}

/** A real SMTP server in this process (no TLS, no login), keeping what it receives. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const port = await freePort();
  const messages: ReceivedMail[] = [];
  const unread: ReceivedMail[] = [];
  const waiting: Array<(mail: ReceivedMail) => void> = [];
  const refused = new Set<string>();
  let server: SMTPServer | null = null;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onRcptTo(address, _session, callback) {
          if (!refused.has(address.address)) return callback();
          return callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 }));
        },
        onData(stream, _session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const mail = parse(Buffer.concat(chunks).toString('utf8'));
            messages.push(mail);
            const waiter = waiting.shift();
            if (waiter) waiter(mail);
            else unread.push(mail);
            callback();
          });
        },
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen();

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseRecipient: (address) => void refused.add(address),
    clear() {
      messages.length = 0;
      unread.length = 0;
      // A test's refused mailbox must not refuse the next test's mail (a file shares one server).
      refused.clear();
    },
    nextMessage(timeoutMs = 10_000) {
      const mail = unread.shift();
      if (mail) return Promise.resolve(mail);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no mail arrived')), timeoutMs);
        waiting.push((mail) => {
          clearTimeout(timer);
          resolve(mail);
        });
      });
    },
    stop: () =>
      new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())).then(
        () => void (server = null),
      ),
    start: listen,
  };
}
