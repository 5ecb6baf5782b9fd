import type { Metadata } from "next";
import { ActionForm, Field } from "@/components/ui/action-form";
import { SessionsTable } from "@/components/account/sessions-table";
import { formatPlanDate } from "@/lib/domain";
import { PASSWORD_HINT } from "@/components/public-card";
import { listMySessions } from "@/lib/server/account/sessions";
import { myCredentials } from "@/lib/server/admin/credentials";
import { twoFactorStatus } from "@/lib/server/auth/two-factor-enrolment";
import { requirePageAccess } from "@/lib/server/viewer";
import { ConfirmEnrollmentForm } from "@/components/account/two-factor-controls";
import {
  beginTwoFactorAction,
  changePasswordAction,
  confirmTwoFactorAction,
  disableTwoFactorAction,
  endSessionAction,
} from "./actions";

export const metadata: Metadata = { title: "Your account" };

type TwoFactor = Awaited<ReturnType<typeof twoFactorStatus>>;

/** Two-factor sign-in: its state, enrolment (QR code, the secret as text, a code to confirm) or turning it off. */
function TwoFactorSection({ status }: { status: TwoFactor }) {
  return (
    <section
      aria-labelledby="two-factor-heading"
      className="space-y-3 rounded-lg border border-slate-300 bg-white p-4"
      data-testid="two-factor"
    >
      <h2 id="two-factor-heading" className="text-lg font-semibold">
        Two-factor sign-in
      </h2>
      {status.enabled ? (
        <>
          <p className="text-sm" data-testid="two-factor-state">
            <strong>On</strong> since {formatPlanDate(status.enabledAt!)}. You sign in with your password and a code
            from your authenticator app. Recovery codes left:{" "}
            <strong data-testid="recovery-codes-left">{status.recoveryCodesLeft}</strong>.
          </p>
          {status.required ? (
            <p className="text-sm text-slate-700">
              Your administrator requires it for your role, so it cannot be turned off.
            </p>
          ) : (
            <ActionForm
              action={disableTwoFactorAction}
              submitLabel="Turn off two-factor sign-in"
              success="Two-factor sign-in is off."
              ariaLabel="Turn off two-factor sign-in"
              buttonClassName="rounded border border-red-700 px-3 py-1.5 text-sm font-medium text-red-800"
            >
              <p className="basis-full text-sm text-slate-700">
                Confirm with a current code from the app or your password.
              </p>
              <Field
                label="Code from the app"
                name="code"
                autoComplete="one-time-code"
                required={false}
                className="w-40"
              />
              <Field
                label="or your password"
                name="password"
                type="password"
                autoComplete="current-password"
                required={false}
              />
            </ActionForm>
          )}
        </>
      ) : status.pending ? (
        <div className="space-y-3 text-sm">
          <p>
            1. Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password,
            FreeOTP…), or type the key below into it.
          </p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a server-made SVG data URL, nothing to optimise */}
          <img
            src={`data:image/svg+xml;base64,${Buffer.from(status.pending.qrSvg).toString("base64")}`}
            alt="QR code for your authenticator app"
            width={192}
            height={192}
            className="border border-slate-300"
            data-testid="two-factor-qr"
          />
          <p>
            Key:{" "}
            <code
              className="break-all rounded bg-slate-100 px-1 py-0.5 font-mono text-base"
              data-testid="two-factor-secret"
            >
              {status.pending.secret.replace(/(.{4})/g, "$1 ").trim()}
            </code>{" "}
            <span className="text-slate-600">(time-based, 6 digits, every 30 seconds)</span>
          </p>
          <p>2. Enter the 6-digit code the app shows.</p>
          <ConfirmEnrollmentForm action={confirmTwoFactorAction} />
        </div>
      ) : (
        <>
          <p className="text-sm text-slate-700">
            Off. With it on, signing in also asks for a code from an authenticator app on your phone, so a stolen
            password alone is not enough.
          </p>
          <ActionForm
            action={beginTwoFactorAction}
            submitLabel="Set up two-factor sign-in"
            ariaLabel="Set up two-factor sign-in"
          />
        </>
      )}
    </section>
  );
}

export default async function AccountPage() {
  // Every signed-in role; also the one page staff who must enrol in two-factor sign-in may use.
  const ctx = await requirePageAccess("policy.read", {}, { enrolment: true });
  const twoFactor = await twoFactorStatus(ctx);
  if (!twoFactor.enabled && twoFactor.required) {
    return (
      <div className="max-w-4xl space-y-8">
        <h1 className="text-2xl font-semibold">Your account</h1>
        <p
          role="alert"
          className="rounded border border-amber-500 bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="two-factor-required"
        >
          Your administrator requires two-factor sign-in for your role. Set it up below to continue: until then the
          portal is closed to you.
        </p>
        <TwoFactorSection status={twoFactor} />
      </div>
    );
  }
  const sessions = await listMySessions(ctx);
  const licences = await myCredentials(ctx);
  return (
    <div className="max-w-4xl space-y-8">
      <h1 className="text-2xl font-semibold">Your account</h1>
      <p className="text-sm text-slate-700">
        {ctx.viewer.name} · {ctx.viewer.email}
      </p>
      <TwoFactorSection status={twoFactor} />
      {licences ? (
        <section aria-labelledby="licences-heading" className="space-y-2">
          <h2 id="licences-heading" className="text-lg font-semibold">
            Your licences
          </h2>
          {licences.length ? (
            <ul className="list-disc pl-5 text-sm">
              {licences.map((l) => (
                <li key={l.id}>
                  {l.licenceType} {l.licenceNumber} ({l.state}), {l.specialty}:{" "}
                  {l.expired ? (
                    <strong className="text-red-800">expired {l.validUntil}</strong>
                  ) : (
                    `valid until ${l.validUntil}`
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm">No licence on file. Ask an administrator to add yours.</p>
          )}
        </section>
      ) : null}
      <section aria-labelledby="sessions-heading" className="space-y-2">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Your sessions
        </h2>
        <p className="text-sm text-slate-700">
          Where and when you are signed in. End any session you do not recognise, then change your password.
        </p>
        <SessionsTable sessions={sessions} endAction={endSessionAction} />
      </section>
      <section aria-labelledby="password-heading" className="space-y-2 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="password-heading" className="text-lg font-semibold">
          Change your password
        </h2>
        <p className="text-sm text-slate-700">Your other sessions end; this one stays. {PASSWORD_HINT}</p>
        <ActionForm
          action={changePasswordAction}
          submitLabel="Change password"
          success="Password changed. Your other sessions were ended."
          ariaLabel="Change your password"
        >
          <input type="hidden" name="username" value={ctx.viewer.email} autoComplete="username" />
          <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" />
          <Field label="New password" name="newPassword" type="password" autoComplete="new-password" />
        </ActionForm>
      </section>
    </div>
  );
}
