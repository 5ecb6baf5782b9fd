import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, Field } from "@/components/ui/action-form";
import { PASSWORD_HINT, PublicCard } from "@/components/public-card";
import { publicAccount } from "@/lib/server/account/passwords";
import { resetPasswordAction } from "@/app/account-actions";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Checked before anything is typed (read only: the link stays usable until a password is set).
  if (!(await publicAccount.peekPasswordReset(token))) {
    return (
      <PublicCard title="This reset link is not valid">
        <p>
          It was already used, replaced by a newer one, or it expired (links last 30 minutes). Ask for a new link to
          choose a new password.
        </p>
        <p className="mt-3">
          <Link href="/forgot-password" className="text-blue-800 underline">
            Ask for a new reset link
          </Link>
        </p>
        <p className="mt-3">
          <Link href="/login" className="text-blue-800 underline">
            Go to sign in
          </Link>
        </p>
      </PublicCard>
    );
  }
  return (
    <PublicCard title="Choose a new password" intro="Every session of your account ends when the new password is set.">
      <ActionForm
        action={resetPasswordAction}
        submitLabel="Set new password"
        className="space-y-4"
        buttonClassName="w-full rounded bg-blue-700 px-4 py-2 font-medium text-white disabled:opacity-60"
      >
        <input type="hidden" name="token" value={token} />
        <Field label="New password" name="password" type="password" autoComplete="new-password" className="w-full" />
        <p className="text-sm text-slate-700">{PASSWORD_HINT}</p>
      </ActionForm>
    </PublicCard>
  );
}
