// npm run db:seed — demo data on an empty database (applies migrations first).
// With embedded PGlite, stop the server first: its folder must never be opened by two processes.
import { getDatabase, migrateDatabase } from "./client";
import { databaseIsEmpty, seedDemoData } from "./seed";
import { seedDemoCases } from "./demo-cases";

const handle = await getDatabase();
try {
  await migrateDatabase(handle);
  if (!(await databaseIsEmpty(handle.db))) {
    console.log("the database already has accounts; demo data not added");
  } else {
    await seedDemoData(handle.db, { seedCases: seedDemoCases });
    console.log("demo data seeded");
  }
} catch (err) {
  console.error(`seeding failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
