// A section of the request form: a titled box. The clinical sections add the policy's words
// for their criteria (form/clinical-sections.tsx), so this file needs no policy module.

export function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}
