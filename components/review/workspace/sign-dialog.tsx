"use client";
// "Sign this determination?": an alert dialog that says exactly what will be signed (decision,
// case, signer, findings, rationale) and, for a denial, shows the letter the provider will get.
// Loaded on demand (React.lazy in decision-bar.tsx), so Radix is not in the workspace's first-load JS.
import * as AlertDialog from "@radix-ui/react-alert-dialog";

export type SignKind = "approve" | "approve_outside" | "overturn" | "deny" | "deny_outside" | "uphold";

export interface SignRequest {
  kind: SignKind;
  reference: string;
  signer: string;
  findings: { met: number; notMet: number; notDocumented: number; notApplicable: number };
  rationale: string;
  /** The letter a denial will send, as built by the server from these findings. */
  letter?: { text: string; style: string }[];
}

const WORDS: Record<SignKind, { title: string; decision: string; confirm: string; adverse: boolean }> = {
  approve: {
    title: "Sign and send this approval?",
    decision: "Approved",
    confirm: "Sign and send the approval",
    adverse: false,
  },
  approve_outside: {
    title: "Sign this approval outside the policy?",
    decision: "Approved outside the policy (the policy does not address this case)",
    confirm: "Sign: approve outside the policy",
    adverse: false,
  },
  overturn: {
    title: "Sign: overturn the denial?",
    decision: "Appeal decided: the denial is overturned and the request approved",
    confirm: "Sign: overturn the denial",
    adverse: false,
  },
  deny: { title: "Sign and send this denial?", decision: "Denied", confirm: "Sign and send the denial", adverse: true },
  deny_outside: {
    title: "Sign this denial outside the policy?",
    decision: "Denied outside the policy (the policy does not address this case)",
    confirm: "Sign and send the denial",
    adverse: true,
  },
  uphold: {
    title: "Sign: uphold the denial?",
    decision: "Appeal decided: the denial is upheld",
    confirm: "Sign: uphold the denial",
    adverse: true,
  },
};

export function SignDialog({
  request,
  pending,
  onCancel,
  onConfirm,
}: {
  request: SignRequest;
  pending: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const w = WORDS[request.kind];
  const f = request.findings;
  return (
    <AlertDialog.Root open onOpenChange={(open) => (!open ? onCancel() : undefined)}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay data-testid="dialog-overlay" className="fixed inset-0 z-40 bg-black/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[85vh] w-[min(48rem,95vw)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl">
          <AlertDialog.Title className="text-xl font-semibold">{w.title}</AlertDialog.Title>
          <AlertDialog.Description className="mt-1 text-sm text-slate-700">
            You are signing this determination as {request.signer}. A signed determination cannot be changed; the
            provider receives its letter at once.
          </AlertDialog.Description>
          <dl
            className="mt-3 grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 rounded border border-slate-300 p-3 text-sm"
            data-testid="sign-summary"
          >
            <dt className="font-medium">Case</dt>
            <dd>{request.reference}</dd>
            <dt className="font-medium">Decision</dt>
            <dd className={w.adverse ? "font-semibold text-red-800" : "font-semibold text-green-800"}>{w.decision}</dd>
            <dt className="font-medium">Signed by</dt>
            <dd>{request.signer}</dd>
            <dt className="font-medium">Findings</dt>
            <dd>
              {f.met} met · {f.notMet} not met · {f.notDocumented} not documented · {f.notApplicable} not applicable
            </dd>
            <dt className="font-medium">Rationale</dt>
            <dd className="whitespace-pre-line">{request.rationale || "—"}</dd>
          </dl>
          {request.letter ? (
            <div
              className="mt-3 space-y-1.5 rounded border border-slate-300 bg-slate-50 p-3 text-sm"
              data-testid="letter-preview"
            >
              {request.letter.map((p, i) =>
                p.style === "title" ? (
                  <p key={i} className="text-base font-semibold">
                    {p.text}
                  </p>
                ) : p.style === "heading" ? (
                  <p key={i} className="pt-2 font-semibold">
                    {p.text}
                  </p>
                ) : p.style === "quote" ? (
                  <blockquote key={i} className="border-l-4 border-amber-400 pl-3 italic">
                    {p.text}
                  </blockquote>
                ) : (
                  <p key={i}>{p.text}</p>
                ),
              )}
            </div>
          ) : null}
          <div className="mt-4 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <button type="button" className="rounded border border-slate-500 px-3 py-1.5">
                Cancel
              </button>
            </AlertDialog.Cancel>
            <button
              type="button"
              disabled={pending}
              onClick={onConfirm}
              className={`rounded px-3 py-1.5 font-medium text-white disabled:opacity-60 ${w.adverse ? "bg-red-700 hover:bg-red-800" : "bg-green-700 hover:bg-green-800"}`}
            >
              {pending ? "Signing…" : w.confirm}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
