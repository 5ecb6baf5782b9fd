import type { Db } from "../client";
import type { DemoIds } from "../seed";

/** Provider-side demo cases (drafts, submitted, pending information, withdrawn…) for both organizations. */
export async function seedProviderDemoCases(_db: Db, _ids: DemoIds): Promise<void> {}
