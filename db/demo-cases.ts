import type { Db } from "./client";
import type { DemoIds } from "./seed";

/**
 * Demo cases in every state, for both demo organizations. Filled in by the provider and
 * reviewer features; the foundation seeds organizations, accounts and API keys only.
 */
export async function seedDemoCases(_db: Db, _ids: DemoIds): Promise<void> {}
