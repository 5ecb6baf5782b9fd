import "server-only";
// The database handle for route handlers and the auth layer, through the data access layer:
// app/ and components/ never import db/ themselves (ESLint enforces it).
export { getDb } from "@/db/client";
