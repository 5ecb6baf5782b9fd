import "server-only";
import nodemailer from "nodemailer";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one message or throws. */
export interface MailTransport {
  send(message: OutgoingEmail): Promise<void>;
}

const DEFAULT_MAIL_FROM = "Prior-authorization portal <no-reply@portal.invalid>";

/** SMTP through nodemailer (`smtp://user:pass@host:port`, `smtps://...`), or null when no URL is set. */
export function smtpTransport(
  url: string | undefined = process.env.SMTP_URL,
  from = process.env.MAIL_FROM || DEFAULT_MAIL_FROM,
): MailTransport | null {
  if (!url) return null;
  const transporter = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}

/** True when the operator should be told that mail is not leaving the server. */
export function mailNotConfiguredInProduction(): boolean {
  return process.env.NODE_ENV === "production" && !process.env.SMTP_URL;
}
