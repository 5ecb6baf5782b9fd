import type { CaseStatus } from "@/lib/domain";
import { STATUS_LABELS } from "@/lib/domain";

/** "2.4 MB", "18 KB", "69 bytes": sizes for people (server and client). */
export const formatSize = (n: number) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`);

/**
 * Every case status, in the database enum's order, for client filters: taken from STATUS_LABELS
 * (which lists them in that order) so a client bundle does not import db/schema (drizzle).
 */
export const CASE_STATUS_OPTIONS = Object.keys(STATUS_LABELS) as CaseStatus[];
