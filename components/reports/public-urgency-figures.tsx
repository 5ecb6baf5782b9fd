import { URGENCY_MEASURES, type PublicUrgencyFigures } from "@/lib/public-metrics";

function show(key: keyof PublicUrgencyFigures, v: PublicUrgencyFigures[keyof PublicUrgencyFigures]): string {
  if (v === null || typeof v === "boolean") return "—";
  if (typeof v === "string") return v;
  if (key.endsWith("Percent")) return `${v.toFixed(1)}%`;
  if (key.endsWith("HoursToDecision")) return `${v.toFixed(1)} hours`;
  return String(v);
}

/** One urgency's published figures, or the sentence saying they are not shown (a group below the minimum). */
export function UrgencyFigures({ title, u, year }: { title: string; u: PublicUrgencyFigures; year: number }) {
  const id = `urgency-${u.urgency}`;
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-300 bg-white p-4" data-testid={id}>
      <h3 id={id} className="text-lg font-semibold">
        {title}
      </h3>
      {u.suppressed ? (
        <p className="mt-2 text-slate-800" data-testid="suppressed">
          {u.reason}.
          <span className="block text-sm text-slate-700">
            Counts, percentages and times of this group are not published for {year}, so that no one can be identified from
            them.
          </span>
        </p>
      ) : (
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">
            {title}, {year}
          </caption>
          <tbody>
            {URGENCY_MEASURES.map(([key, label]) => (
              <tr key={key} className="border-t border-slate-200">
                <th scope="row" className="py-1.5 pr-3 font-medium">
                  {label}
                </th>
                <td className="py-1.5 tabular-nums">{show(key, u[key])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

