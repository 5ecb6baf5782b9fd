import { eq } from "drizzle-orm";
import { getDatabase, migrateDatabase, type DatabaseHandle } from "./client";
import { databaseIsEmpty, seedDemoData } from "./seed";
import { seedDemoCases } from "./demo-cases";
import { users } from "./schema";
import { demoModeEnabled, resolveAuthSecret } from "@/lib/auth/secret";

/**
 * Runs once when the server starts: configuration checks, migrations, and demo data on an
 * empty database in demo mode. Throws with a message meant for the operator.
 */
export async function bootstrap(): Promise<DatabaseHandle> {
  resolveAuthSecret();
  const handle = await getDatabase();
  await migrateDatabase(handle);
  if (await databaseIsEmpty(handle.db)) {
    if (demoModeEnabled()) {
      await seedDemoData(handle.db, { seedCases: seedDemoCases });
      console.log("[portal] empty database: demo organizations, accounts and cases seeded");
    }
  } else if (!demoModeEnabled()) {
    const [demo] = await handle.db.select({ email: users.email }).from(users).where(eq(users.isDemo, true)).limit(1);
    if (demo) {
      throw new Error(
        "This database holds demo accounts (password `portal-demo-339`). Refusing to start in production. Use a database without demo data, or set PORTAL_DEMO=1 for a demonstration instance.",
      );
    }
  }
  return handle;
}

/** For the server's start-up hook: a failed check stops the process with its message. */
export async function bootstrapOrExit(): Promise<void> {
  try {
    const handle = await bootstrap();
    const { startCheckpointTimer } = await import("@/lib/audit/hourly-checkpoints");
    startCheckpointTimer(handle.db);
    const { startGoldCardTimer } = await import("@/lib/server/automation/gold-card-timer");
    startGoldCardTimer(handle.db);
  } catch (err) {
    console.error(`[portal] cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
}
