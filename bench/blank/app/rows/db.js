import postgres from "postgres";

const g = globalThis;
/** One pool per process, like the portal's. */
export const sql = (g.__benchSql ??= postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {} }));
