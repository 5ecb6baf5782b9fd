"use server";
// Thin adapters: each re-checks session, role and state inside its service.
import { ok, rethrowIfNavigation, toActionResult, type ActionResult } from "@/lib/server/errors";
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

async function run<T>(service: (ctx: ServiceContext, input: unknown) => Promise<T>, input: unknown): Promise<ActionResult<T>> {
  try {
    return ok(await service(await serviceContext(), input));
  } catch (err) {
    rethrowIfNavigation(err);
    return toActionResult(err);
  }
}

export async function claimCaseAction(input: unknown) {
  return run(claimCase, input);
}
export async function releaseCaseAction(input: unknown) {
  return run(releaseCase, input);
}
export async function saveReviewDraftAction(input: unknown) {
  return run(saveReviewDraft, input);
}
export async function pendCaseAction(input: unknown) {
  return run(pendCase, input);
}
export async function approveCaseAction(input: unknown) {
  return run(approveCase, input);
}
export async function denyCaseAction(input: unknown) {
  return run(denyCase, input);
}
export async function escalateCaseAction(input: unknown) {
  return run(escalateCase, input);
}
export async function decideUnaddressedCaseAction(input: unknown) {
  return run(decideUnaddressedCase, input);
}
export async function decideAppealAction(input: unknown) {
  return run(decideAppeal, input);
}
export async function previewDenialLetterAction(input: unknown) {
  return run(previewDenialLetter, input);
}
