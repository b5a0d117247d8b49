import type { Transporter } from 'nodemailer';
import type { Config } from '../config.js';
import type { Mailer } from '../shared/mailer.js';

/**
 * The SMTP mailer named by SMTP_URL, or null when mail is not configured. nodemailer is loaded, and
 * its transport made, at the first send: a server with nothing to send never loads it.
 */
export function createMailer(config: Config): Mailer | null {
  if (!config.smtpUrl) return null;
  const smtpUrl = config.smtpUrl;
  let transport: Promise<Transporter> | undefined;
  // Every wait is bounded, and all of them together stay well under the outbox's claim (2 minutes):
  // a slow server never gets the same mail sent twice by two instances, and never holds an admin's request long.
  const open = async () => {
    const { default: nodemailer } = await import('nodemailer');
    return nodemailer.createTransport(
      { url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, dnsTimeout: 10_000 },
      { from: config.mailFrom },
    );
  };
  return {
    async send(message) {
      // An address object, never a string nodemailer would parse (and could split into several recipients).
      const smtp = await (transport ??= open());
      await smtp.sendMail({ to: { name: '', address: message.to }, subject: message.subject, text: message.text });
    },
    // A transport that failed to open was never opened: nothing to close.
    close: () =>
      void transport?.then(
        (opened) => opened.close(),
        () => {},
      ),
  };
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'The mail server refused the connection',
  ECONNECTION: 'Could not connect to the mail server',
  ETIMEDOUT: 'The mail server did not answer in time',
  ESOCKET: 'The connection to the mail server failed',
  EDNS: "The mail server's name could not be resolved",
  EAUTH: 'The mail server refused the login',
  ETLS: 'The secure connection to the mail server failed',
};

/**
 * Why a delivery failed, for the admin: the SMTP reply or a plain reason. Never the message itself
 * (it holds the link), and never the SMTP password (nodemailer's errors do not carry it).
 */
export function describeMailError(err: unknown): { reason: string; permanent: boolean } {
  const e = err as { code?: unknown; originalCode?: unknown; responseCode?: unknown; response?: unknown } | null;
  // nodemailer wraps socket errors as ESOCKET and keeps the system's code (ECONNREFUSED…) beside it.
  const code = typeof e?.originalCode === 'string' ? e.originalCode : typeof e?.code === 'string' ? e.code : '';
  const responseCode = typeof e?.responseCode === 'number' ? e.responseCode : undefined;
  if (responseCode !== undefined) {
    const reply = typeof e?.response === 'string' ? e.response.replace(/\s+/g, ' ').slice(0, 160) : '';
    // A 5xx refusal of this recipient or message (unknown mailbox, policy) will not change; anything else
    // (4xx, or a refused login while SMTP is misconfigured) is worth trying again.
    const permanent = responseCode >= 500 && (code === 'EENVELOPE' || code === 'EMESSAGE');
    return { reason: `The mail server answered ${responseCode}${reply ? `: ${reply}` : ''}`, permanent };
  }
  return { reason: NETWORK_ERRORS[code] ?? (code ? `Delivery failed (${code})` : 'Delivery failed'), permanent: false };
}
