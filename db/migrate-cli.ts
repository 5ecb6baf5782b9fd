// npm run db:migrate — applies committed migrations. With embedded PGlite, stop the server first:
// its folder must never be opened by two processes.
import { getDatabase, migrateDatabase } from "./client";

const handle = await getDatabase();
try {
  await migrateDatabase(handle);
  console.log(`migrations applied (${handle.kind}${handle.dir ? `: ${handle.dir}` : ""})`);
} catch (err) {
  console.error(`migration failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
