"use server";
// Thin adapters: each re-checks session, role and state inside its service.
import { action } from "@/lib/server/action";
import { serviceContext } from "@/lib/server/viewer";
import { approveCase } from "@/lib/server/review/approve-case";
import { claimCase } from "@/lib/server/review/claim-case";
import { decideAppeal } from "@/lib/server/review/decide-appeal";
import { decideUnaddressedCase } from "@/lib/server/review/decide-unaddressed-case";
import { denyCase } from "@/lib/server/review/deny-case";
import { escalateCase } from "@/lib/server/review/escalate-case";
import { pendCase } from "@/lib/server/review/pend-case";
import { releaseCase } from "@/lib/server/review/release-case";
import { saveReviewDraft } from "@/lib/server/review/save-review-draft";
import { previewDenialLetter } from "@/lib/server/letters/preview-letter";
import type { ServiceContext } from "@/lib/server/context";

/** A reviewer action: the service runs for the signed-in viewer with the form's input as sent. */
const reviewAction = <T>(service: (ctx: ServiceContext, input: unknown) => Promise<T>) =>
  action(async (input: unknown) => service(await serviceContext(), input));

export const claimCaseAction = reviewAction(claimCase);
export const releaseCaseAction = reviewAction(releaseCase);
export const saveReviewDraftAction = reviewAction(saveReviewDraft);
export const pendCaseAction = reviewAction(pendCase);
export const approveCaseAction = reviewAction(approveCase);
export const denyCaseAction = reviewAction(denyCase);
export const escalateCaseAction = reviewAction(escalateCase);
export const decideUnaddressedCaseAction = reviewAction(decideUnaddressedCase);
export const decideAppealAction = reviewAction(decideAppeal);
export const previewDenialLetterAction = reviewAction(previewDenialLetter);
