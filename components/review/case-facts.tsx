// The request's facts as the provider entered them: the form's sections, in the form's order,
// with the form's labels (components/case/request-fields.ts). Sections left empty are skipped.
import { REQUEST_SECTIONS, valueAt, valueWords, type FieldSpec } from "@/components/case/request-fields";

function FieldRows({ fields, source }: { fields: FieldSpec[]; source: unknown }) {
  return (
    <>
      {fields.map((f) => {
        const value = valueAt(source, f.key);
        if (value === undefined || value === null || value === "") return null;
        if (f.items && Array.isArray(value))
          return (
            <div key={f.key}>
              <dt className="text-slate-700">{f.label}</dt>
              <dd className="pl-3">
                {value.length === 0 ? <span className="text-slate-500">none</span> : null}
                <ol className="space-y-1">
                  {value.map((item, i) => (
                    <li key={i}>
                      <p className="font-medium">
                        {f.items!.title} {i + 1}
                      </p>
                      <dl className="pl-3">
                        <FieldRows fields={f.items!.fields} source={item} />
                      </dl>
                    </li>
                  ))}
                </ol>
              </dd>
            </div>
          );
        return (
          <div key={f.key}>
            <dt className="text-slate-700">{f.label}</dt>
            <dd className="pl-3 font-medium">{valueWords(value, f.values)}</dd>
          </div>
        );
      })}
    </>
  );
}

export function CaseFacts({ request }: { request: Record<string, unknown> }) {
  const sections = REQUEST_SECTIONS.filter((s) =>
    s.fields.some((f) => valueAt(valueAt(request, s.path), f.key) !== undefined),
  );
  return (
    <div className="space-y-3 text-sm">
      {sections.map((s) => (
        <section key={s.title} aria-label={s.title}>
          <h3 className="font-semibold">{s.title}</h3>
          <dl className="space-y-0.5">
            <FieldRows fields={s.fields} source={valueAt(request, s.path)} />
          </dl>
        </section>
      ))}
      {sections.length === 0 ? <p className="text-slate-600">No facts were entered.</p> : null}
    </div>
  );
}
