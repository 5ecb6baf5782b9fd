import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

/** A database or a transaction: services take either and never care which. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The handle `db.transaction` gives its work: a `Db` too, and taken alone by work that must run inside one. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface DatabaseHandle {
  db: Db;
  kind: "postgres" | "pglite";
  close: () => Promise<void>;
  /** The embedded data directory, when kind is pglite and on disk. */
  dir?: string;
}

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

function embeddedDataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PGLITE_DIR ?? path.join(".data", "pglite"));
}

/**
 * Opens PostgreSQL when a URL is given, otherwise embedded PGlite (in a folder, or in memory
 * with dir "memory://"). PGlite has no lock on its folder: one process at a time.
 */
export async function openDatabase(options: { url?: string; dir?: string } = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(options.url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });
    const db: Db = drizzle(client, { schema });
    return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = options.dir ?? embeddedDataDir();
  if (dir !== "memory://") mkdirSync(dir, { recursive: true });
  const client = dir === "memory://" ? new PGlite() : new PGlite(dir);
  await client.waitReady;
  const db: Db = drizzle(client, { schema });
  return { db, kind: "pglite", dir, close: () => client.close() };
}

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

const globalForDb = globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> };

/** The process-wide database: one connection pool, or one PGlite instance, per process. */
export function getDatabase(): Promise<DatabaseHandle> {
  globalForDb.__portalDb ??= openDatabase({ url: process.env.DATABASE_URL || undefined });
  return globalForDb.__portalDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
