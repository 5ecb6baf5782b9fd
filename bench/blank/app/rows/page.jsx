// The floor of a signed-in page: a dynamic page that reads 50 rows with postgres.js and renders them.
import { connection } from "next/server";
import { sql } from "./db";

export default async function Rows() {
  await connection();
  const rows = await sql`select id, reference, status, due_at from bench_rows order by due_at, id limit 50`;
  return (
    <main>
      <table>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.reference}</td>
              <td>{r.status}</td>
              <td>{new Date(r.due_at).toISOString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
