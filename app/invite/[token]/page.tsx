import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, Field } from "@/components/ui/action-form";
import { PASSWORD_HINT, PublicCard } from "@/components/public-card";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { publicAccount } from "@/lib/server/account/passwords";
import { acceptInvitationAction } from "@/app/account-actions";

export const metadata: Metadata = { title: "Accept your invitation", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await publicAccount.peekInvitation(token);
  if (!invitation) {
    return (
      <PublicCard title="This invitation link is not valid">
        <p>
          It was already used, replaced by a newer one, revoked, or it expired (links last 72 hours). Ask your
          administrator to send it again.
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
    <PublicCard
      title="Accept your invitation"
      intro={`${invitation.name}, you are invited as ${ROLE_LABELS[invitation.role]} for ${invitation.organization}.`}
    >
      <p className="mb-4 text-sm">
        Your account: <strong>{invitation.email}</strong>
      </p>
      <ActionForm
        action={acceptInvitationAction}
        submitLabel="Set password and create account"
        className="space-y-4"
        buttonClassName="w-full rounded bg-blue-700 px-4 py-2 font-medium text-white disabled:opacity-60"
      >
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="username" value={invitation.email} autoComplete="username" />
        <Field
          label="Choose a password"
          name="password"
          type="password"
          autoComplete="new-password"
          className="w-full"
        />
        <p className="text-sm text-slate-700">{PASSWORD_HINT}</p>
      </ActionForm>
    </PublicCard>
  );
}
