import "server-only";
import type { EmailMessage } from "./enqueue";

const SIGNATURE = "\n\n— Prior-authorization portal (PHARMACY 339.7). If you did not expect this message, ignore it.";

export function invitationMessage(name: string, organization: string, roleLabel: string, link: string): EmailMessage {
  return {
    subject: "Your invitation to the prior-authorization portal",
    text: `Hello ${name},\n\nYou are invited to the prior-authorization portal as ${roleLabel} for ${organization}. Set your password here (the link works once, for 72 hours):\n\n${link}${SIGNATURE}`,
    link,
  };
}

export function passwordResetMessage(link: string): EmailMessage {
  return {
    subject: "Reset your portal password",
    text: `Someone (we hope you) asked to reset the password of this account. Choose a new password here (the link works once, for 30 minutes):\n\n${link}\n\nIf it was not you, your password stays as it is.${SIGNATURE}`,
    link,
  };
}

export function accountDeactivatedMessage(): EmailMessage {
  return {
    subject: "Your portal account was deactivated",
    text: `An administrator deactivated your account on the prior-authorization portal; you are signed out everywhere. Ask your plan administrator if this is unexpected.${SIGNATURE}`,
  };
}

export function passwordChangedMessage(): EmailMessage {
  return {
    subject: "Your portal password was changed",
    text: `The password of your portal account was changed and your other sessions were ended. If it was not you, use "Forgot password" at once and tell your administrator.${SIGNATURE}`,
  };
}

export function twoFactorEnabledMessage(): EmailMessage {
  return {
    subject: "Two-factor sign-in is on for your portal account",
    text: `Two-factor sign-in was turned on for your portal account: from now on you sign in with your password and a code from your authenticator app (or one of your recovery codes). If it was not you, tell your administrator at once.${SIGNATURE}`,
  };
}

export function twoFactorDisabledMessage(): EmailMessage {
  return {
    subject: "Two-factor sign-in was turned off for your portal account",
    text: `Two-factor sign-in was turned off for your portal account: your password alone signs you in again. If it was not you, change your password at once and tell your administrator.${SIGNATURE}`,
  };
}

/** A notification by email: the case reference, its status and a link; no clinical detail. */
export function notificationEmail(title: string, statusLabel: string, link: string): EmailMessage {
  return {
    subject: title,
    text: `${title}\n\nStatus: ${statusLabel}\n\nOpen it in the portal (sign-in required):\n${link}${SIGNATURE}`,
  };
}

/** The daily digest: one line per notification (reference and event), and the notifications page. */
export function digestEmail(lines: string[], link: string): EmailMessage {
  return {
    subject: `Your portal notifications (${lines.length})`,
    text: `Since the last digest:\n\n${lines.map((l) => `- ${l}`).join("\n")}\n\nOpen them in the portal (sign-in required):\n${link}${SIGNATURE}`,
  };
}

/** To the organization's providers: a webhook endpoint stopped accepting deliveries. */
export function webhookFailingEmail(url: string, link: string): EmailMessage {
  return {
    subject: "A webhook endpoint of your organization is failing",
    text: `Deliveries to ${url} kept failing for 24 hours; the endpoint is marked failing. Check it, then send a test event:\n${link}${SIGNATURE}`,
  };
}
