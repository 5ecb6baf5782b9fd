"use server";
// A thin adapter: the service checks the role, the approval and every field itself.
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import { serviceContext } from "@/lib/server/viewer";
import { recordQualityReview } from "@/lib/server/automation/quality-review";
import { qualityReviewFromForm } from "@/lib/validation/quality-review";

export const recordQualityReviewAction = action(async (fd: FormData) => {
  const recorded = await recordQualityReview(await serviceContext(), qualityReviewFromForm(fd));
  revalidatePath("/review/quality", "layout");
  return recorded;
});
