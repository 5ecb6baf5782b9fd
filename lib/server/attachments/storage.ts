import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attachmentBlobs } from "@/db/schema";

/**
 * Where attachment bytes live. The database (table attachment_blobs) is the default; an
 * S3-compatible store can implement the same two calls.
 */
export interface AttachmentStorage {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
}

/** Bytes in the database, written in the caller's transaction so a failed upload leaves nothing. */
function databaseStorage(db: Db): AttachmentStorage {
  return {
    async put(key, bytes) {
      await db.insert(attachmentBlobs).values({ key, data: bytes });
    },
    async get(key) {
      const [row] = await db
        .select({ data: attachmentBlobs.data })
        .from(attachmentBlobs)
        .where(eq(attachmentBlobs.key, key))
        .limit(1);
      return row ? new Uint8Array(row.data) : null;
    },
  };
}

/** The storage in use: configurable later (ATTACHMENT_STORAGE); the database today. */
export function attachmentStorage(db: Db): AttachmentStorage {
  return databaseStorage(db);
}
