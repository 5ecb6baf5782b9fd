import type { Metadata } from "next";
import { DataTable, Td } from "@/components/ui/data-table";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { listUsers } from "@/lib/server/users/list-users";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const ctx = await requirePageAccess("users.manage");
  const rows = await listUsers(ctx);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Users</h1>
      <DataTable caption="Accounts" headers={["Name", "Email", "Role", "Organization", "Status"]}>
        {rows.map((u) => (
          <tr key={u.id}>
            <Td>{u.name}</Td>
            <Td>{u.email}</Td>
            <Td>{ROLE_LABELS[u.role]}</Td>
            <Td>{u.organization}</Td>
            <Td>{u.active ? "Active" : "Disabled"}</Td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
