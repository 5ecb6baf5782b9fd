import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, Field } from "@/components/ui/action-form";
import { PublicCard } from "@/components/public-card";
import { forgotPasswordAction } from "@/app/account-actions";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <PublicCard
      title="Forgot your password?"
      intro="Enter your account's email. If it belongs to an active account, a link to choose a new password is sent to it (valid 30 minutes, once)."
    >
      <ActionForm
        action={forgotPasswordAction}
        submitLabel="Send reset link"
        success="If this email belongs to an active account, a reset link is on its way. Check your inbox."
        className="space-y-4"
        buttonClassName="w-full rounded bg-blue-700 px-4 py-2 font-medium text-white disabled:opacity-60"
      >
        <Field label="Email" name="email" type="email" autoComplete="username" className="w-full" />
      </ActionForm>
      <p className="mt-4 text-sm">
        <Link href="/login" className="text-blue-800 underline">
          Back to sign in
        </Link>
      </p>
    </PublicCard>
  );
}
