import type { Db } from "../client";
import type { DemoIds } from "../seed";

/** Reviewer-side demo cases (claimed, overdue, escalated, decided, an appeal…). */
export async function seedReviewerDemoCases(_db: Db, _ids: DemoIds): Promise<void> {}
