import type { Db } from "./client";
import type { DemoIds } from "./seed";
import { seedProviderDemoCases } from "./demo/provider-cases";
import { seedReviewerDemoCases } from "./demo/reviewer-cases";

/** Demo cases in every state, for both demo organizations. */
export async function seedDemoCases(db: Db, ids: DemoIds): Promise<void> {
  await seedProviderDemoCases(db, ids);
  await seedReviewerDemoCases(db, ids);
}
