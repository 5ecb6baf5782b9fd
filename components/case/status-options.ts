import type { CaseStatus } from "@/lib/domain";
import { STATUS_LABELS } from "@/lib/domain";

/**
 * Every case status, in the database enum's order, for client filters: taken from STATUS_LABELS
 * (which lists them in that order) so a client bundle does not import db/schema (drizzle).
 * Not in format.ts: the request form's uploader imports that, and needs none of lib/domain.
 */
export const CASE_STATUS_OPTIONS = Object.keys(STATUS_LABELS) as CaseStatus[];
