import type { ReactNode } from "react";
import { DataTable, Td } from "@/components/ui/data-table";

/** One row per measure, one column per urgency (standard, expedited). */
export function MeasureTable<U>({ caption, urgencies, measures }: { caption: string; urgencies: readonly [U, U]; measures: [label: string, value: (u: U) => ReactNode][] }) {
  return (
    <DataTable caption={caption} headers={["Measure", "Standard", "Expedited"]}>
      {measures.map(([label, value]) => (
        <tr key={label}>
          <th scope="row" className="px-3 py-2 text-left font-medium">
            {label}
          </th>
          <Td>{value(urgencies[0])}</Td>
          <Td>{value(urgencies[1])}</Td>
        </tr>
      ))}
    </DataTable>
  );
}
