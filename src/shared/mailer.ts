export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends one message over SMTP; throws nodemailer's error (with `code` / `responseCode`) on failure. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}
