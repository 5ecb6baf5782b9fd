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
