// What a case accepts as attachments: the types (recognized by their first bytes, see
// lib/file-type.ts) and the limits. No code: the request form's first load
// imports it for the file picker and its hint.

/** The file types a case accepts, recognized by their first bytes (never by name or declared type). */
export const ACCEPTED_TYPES = ["application/pdf", "image/png", "image/jpeg", "image/tiff"] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_CASE = 20;
