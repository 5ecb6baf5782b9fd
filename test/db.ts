import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "@/db/client";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new
 * PostgreSQL database (created here, dropped on close) when TEST_DATABASE_URL is set.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const handle = await openDatabase({ dir: "memory://" });
    await migrateDatabase(handle);
    return handle;
  }
  // TEST_DATABASE_PREFIX: when several suites share one server, each names (and can find) its own.
  const name = `${process.env.TEST_DATABASE_PREFIX ?? "portal_test"}_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  await migrateDatabase(handle);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** A fresh database for the calling test file: opened before its tests, closed after them. */
export function testDatabaseForFile(): { readonly db: DatabaseHandle["db"] } {
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });
  return {
    get db() {
      return handle!.db;
    },
  };
}

/** The actor of audit events no person caused, for tests that append to the chain directly. */
export const SYSTEM_ACTOR = {
  userId: null,
  role: "system",
  organizationId: null,
  ip: "127.0.0.1",
  userAgent: "vitest",
};

/** True when the suite runs against a real PostgreSQL server (several connections). */
export const onPostgres = () => !!process.env.TEST_DATABASE_URL;

/** The database's own message for a failed statement (drizzle wraps it in "Failed query"). */
export async function databaseRefusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const e = err as { message?: string; cause?: { message?: string } };
    return e.cause?.message ?? e.message ?? String(err);
  }
  throw new Error("expected the database to refuse the statement, but it succeeded");
}
