// The request's facts as the provider entered them, as nested definition lists in plain words.
const WORDS: Record<string, string> = {
  member: "Member",
  dateOfBirth: "Date of birth",
  lineOfBusiness: "Line of business",
  request: "Request",
  requestDate: "Request date",
  serviceDate: "Service date",
  urgency: "Urgency",
  phase: "Phase",
  indication: "Indication",
  cptCodes: "CPT codes",
  clinical: "Clinical facts",
  painEtiology: "Pain etiology",
  furtherTreatmentOfUnderlyingCondition: "Further treatment of the underlying condition",
  conservativeTherapies: "Conservative therapies",
  additionalTreatmentsConsidered: "Additional treatments considered",
  psychiatricHistory: "Psychiatric history",
  psychologicalEvaluation: "Psychological evaluation",
  untreatedIssuesLikelyToInterfere: "Untreated issues likely to interfere",
  metastaticLesions: "Metastatic lesions",
  increasedIntracranialPressure: "Increased intracranial pressure",
  lifeExpectancyMonths: "Life expectancy (months)",
  spasticityAssessment: "Spasticity assessment",
  spasticityScale: "Spasticity scale",
  adlImpairment: "Activities of daily living impaired",
  trial: "Trial",
  baselinePainScore: "Baseline pain score",
  postTrialPainScore: "Pain score after the trial",
  painScale: "Pain scale",
  includesSubstanceUse: "Includes substance use",
};
const word = (k: string) => WORDS[k] ?? k.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());

function Value({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (value === null || value === undefined) return <span className="text-slate-500">not given</span>;
  if (typeof value === "boolean") return <>{value ? "Yes" : "No"}</>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-slate-500">none</span>;
    if (value.every((v) => typeof v !== "object")) return <>{value.join(", ")}</>;
    return (
      <ol className="list-decimal space-y-1 pl-5">
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} depth={depth + 1} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    // Top level: a two-column list; below that, "Label: value" lines so narrow columns stay readable.
    if (depth === 0)
      return (
        <dl className="space-y-1">
          {entries.map(([k, v]) => (
            <div key={k}>
              <dt className="font-medium text-slate-700">{word(k)}</dt>
              <dd className="pl-3">
                <Value value={v} depth={1} />
              </dd>
            </div>
          ))}
        </dl>
      );
    return (
      <ul className="space-y-0.5">
        {entries.map(([k, v]) => (
          <li key={k}>
            <span className="text-slate-700">{word(k)}:</span> <Value value={v} depth={depth + 1} />
          </li>
        ))}
      </ul>
    );
  }
  return <>{String(value).replace(/_/g, " ")}</>;
}

export function CaseFacts({ request }: { request: Record<string, unknown> }) {
  const { caseId: _caseId, ...facts } = request;
  return (
    <div className="space-y-3 text-sm">
      {Object.entries(facts).map(([k, v]) => (
        <section key={k} aria-label={word(k)}>
          <h3 className="font-semibold">{word(k)}</h3>
          <Value value={v} />
        </section>
      ))}
    </div>
  );
}
