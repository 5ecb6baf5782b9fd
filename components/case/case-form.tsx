"use client";
import { useMemo, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
// Text-free, zod-free policy modules only: the policy text and the schema stay out of this bundle
// (the "still needs" panel loads the schema and the evaluator after first paint).
import { criteriaFor, LATEST_RULES } from "@/lib/policy/catalogue";
import { policyHref } from "@/lib/domain";
import {
  IMPLANT_CODES,
  INDICATIONS,
  LINES_OF_BUSINESS,
  PAIN_SCALES,
  SPASTICITY_SCALES,
  THERAPY_MODALITIES,
  THERAPY_OUTCOMES,
  TRIAL_CODES,
  TRIAL_ROUTES,
  FURTHER_TREATMENT_OPTIONS,
  type Indication,
  type Phase,
} from "@/lib/policy/constants";
import { INDICATION_LABELS, LINE_OF_BUSINESS_LABELS, PAIN_SCALE_LABELS, SPASTICITY_SCALE_LABELS, THERAPY_OUTCOME_LABELS } from "@/lib/policy/labels";
import type { Criterion } from "@/lib/policy/types";
import { fileAppealAction, respondAction, saveDraftAction, submitCaseAction } from "@/app/(app)/cases/actions";
import { StillNeedsPanel, fieldLabel } from "./still-needs-panel";
import { Choice, DateInput, NumberInput, TextInput, YesNo } from "./form-fields";
import { AttachmentUploader, type AttachedFile } from "./attachment-uploader";

type Json = Record<string, unknown>;
type Path = (string | number)[];
type Issue = { path: string; message: string };

const opt = <T extends string>(values: readonly T[], labels?: Record<string, string>) => values.map((v) => ({ value: v, label: labels?.[v] ?? v.replace(/_/g, " ") }));
const MODALITY_LABELS: Record<string, string> = { pharmacological: "Medication", physical_therapy: "Physical therapy", behavioral_health: "Behavioral health", interventional: "Interventional procedure", other: "Other" };
const FURTHER_LABELS: Record<string, string> = { not_indicated: "Not indicated", refused: "Refused by the patient", indicated: "Indicated (still possible)" };
const CPT_LABELS: Record<string, string> = {
  "62320": "62320 – interlaminar epidural/subarachnoid injection, cervical/thoracic",
  "62321": "62321 – the same, with imaging guidance",
  "62322": "62322 – interlaminar injection, lumbar/sacral",
  "62323": "62323 – the same, with imaging guidance",
  "62324": "62324 – catheter infusion, cervical/thoracic",
  "62325": "62325 – the same, with imaging guidance",
  "62326": "62326 – catheter infusion, lumbar/sacral",
  "62327": "62327 – the same, with imaging guidance",
  "62350": "62350 – implant tunneled catheter",
  "62351": "62351 – implant catheter with laminectomy",
  "62360": "62360 – implant subcutaneous reservoir",
  "62361": "62361 – implant non-programmable pump",
  "62362": "62362 – implant programmable pump",
};

function getAt(obj: unknown, path: Path): unknown {
  let cur = obj;
  for (const k of path) cur = cur && typeof cur === "object" ? (cur as Json)[k as string] : undefined;
  return cur;
}

/** Immutable set; `undefined` removes the key and prunes objects left empty (absent = not documented). */
function setAt(obj: Json, path: Path, value: unknown): Json {
  const [head, ...rest] = path;
  const copy: Json | unknown[] = Array.isArray(obj) ? [...obj] : { ...obj };
  const child = rest.length ? setAt(((copy as Json)[head as string] as Json) ?? {}, rest, value) : value;
  const empty = child === undefined || (rest.length > 0 && !Array.isArray(child) && typeof child === "object" && child !== null && Object.keys(child).length === 0);
  if (Array.isArray(copy)) (copy as unknown[])[head as number] = child;
  else if (empty) delete (copy as Json)[head as string];
  else (copy as Json)[head as string] = child;
  return copy as Json;
}

interface Props {
  today: string;
  /** edit: a new request or a draft; respond: answer the reviewer's request; appeal: appeal a denial (new facts optional). */
  mode?: "edit" | "respond" | "appeal";
  initial?: { caseId: string; version: number; idempotencyKey: string | null; memberId: string | null; memberName: string | null; request: Json; attachments: AttachedFile[] };
}

/** The guided request form: only the sections the chosen indication and phase need, with the policy's words beside them. */
export function CaseForm({ today, initial, mode = "edit" }: Props) {
  const [note, setNote] = useState("");
  const router = useRouter();
  const [request, setRequest] = useState<Json>(() => initial?.request ?? { request: { requestDate: today, urgency: "standard" } });
  const [memberId, setMemberId] = useState<string | undefined>(initial?.memberId ?? undefined);
  const [memberName, setMemberName] = useState<string | undefined>(initial?.memberName ?? undefined);
  const [saved, setSaved] = useState<{ caseId: string; version: number } | null>(initial ? { caseId: initial.caseId, version: initial.version } : null);
  // One key per form instance: a double click, a retry or a second save makes one case.
  const [idempotencyKeyValue] = useState<string>(() => initial?.idempotencyKey ?? newFormKey());
  const idempotencyKey = { current: idempotencyKeyValue };
  const [issues, setIssues] = useState<Issue[]>([]);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  // The latest saved draft for handlers that run right after a save (state would be stale there).
  const savedRef = useRef(initial ? { caseId: initial.caseId, version: initial.version } : null);

  const set = (path: Path, value: unknown) => setRequest((r) => setAt(r, path, value));
  const val = <T,>(path: Path) => getAt(request, path) as T | undefined;
  const err = (path: string) => issues.find((i) => i.path === path || i.path === `request.${path}`)?.message;

  const indication = val<Indication>(["request", "indication"]);
  const phase = val<Phase>(["request", "phase"]);
  const criteria = useMemo(() => (indication && phase ? criteriaFor(indication, phase) : []), [indication, phase]);
  const needs = (field: string) => criteria.some((c) => c.kind !== "scope" && c.fields.some((f) => f === `clinical.${field}` || f.startsWith(`clinical.${field}.`)));
  const quotesFor = (field: string) => criteria.filter((c) => c.kind !== "scope" && c.fields.some((f) => f === `clinical.${field}` || f.startsWith(`clinical.${field}.`)));
  const codes = phase === "implant" ? IMPLANT_CODES : phase === "trial" ? TRIAL_CODES : [];
  const chosenCodes = val<string[]>(["request", "cptCodes"]) ?? [];

  const payload = () => ({ caseId: savedRef.current?.caseId, version: savedRef.current?.version, idempotencyKey: idempotencyKey.current, memberId, memberName, request });

  async function save(): Promise<string | null> {
    const result = await saveDraftAction(payload());
    if (!result.ok) {
      setIssues(result.issues ?? []);
      setMessage({ kind: "error", text: result.message });
      return null;
    }
    setSaved({ caseId: result.data.id, version: result.data.version });
    savedRef.current = { caseId: result.data.id, version: result.data.version };
    setIssues([]);
    setMessage({ kind: "ok", text: `Draft ${result.data.reference} saved at ${new Date().toLocaleTimeString()}.` });
    if (!initial) window.history.replaceState(null, "", `/cases/${result.data.id}`);
    return result.data.id;
  }

  function submit() {
    startTransition(async () => {
      if (!memberId || !memberName) {
        const missing = [!memberId && { path: "memberId", message: "is required" }, !memberName && { path: "memberName", message: "is required" }].filter(Boolean) as Issue[];
        setIssues(missing);
        setMessage({ kind: "error", text: "Enter the member’s ID and name before submitting." });
        return;
      }
      const result = await submitCaseAction(payload());
      if (!result.ok) {
        setIssues(result.issues ?? []);
        setMessage({ kind: "error", text: result.message });
        return;
      }
      router.push(`/cases/${result.data.id}?submitted=1`);
    });
  }

  function answer() {
    startTransition(async () => {
      if (!initial) return;
      // Facts are sent only when they changed: the evaluation is then re-run and kept as a new snapshot.
      const changed = JSON.stringify(request) !== JSON.stringify(initial.request);
      const base = { caseId: initial.caseId, version: initial.version, request: changed ? request : undefined };
      const result = mode === "appeal" ? await fileAppealAction({ ...base, reason: note }) : await respondAction({ ...base, note });
      if (!result.ok) {
        setIssues(result.issues ?? []);
        setMessage({ kind: "error", text: result.message });
        return;
      }
      router.push(`/cases/${initial.caseId}?${mode === "appeal" ? "appealed" : "answered"}=1`);
      router.refresh();
    });
  }

  const therapies = val<Json[]>(["clinical", "conservativeTherapies"]);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form
        className="space-y-6"
        aria-label="Prior-authorization request"
        onSubmit={(e) => {
          e.preventDefault();
          if (mode === "edit") submit();
          else answer();
        }}
      >
        {message ? (
          <div role={message.kind === "error" ? "alert" : "status"} className={`rounded border p-3 text-sm ${message.kind === "error" ? "border-red-400 bg-red-50 text-red-900" : "border-green-400 bg-green-50 text-green-900"}`}>
            <p>{message.text}</p>
            {issues.length ? (
              <ul className="mt-1 list-disc pl-5">
                {issues.map((i) => (
                  <li key={i.path + i.message}>
                    {fieldLabel(i.path.replace(/^request\.(member|request|clinical)/, "$1"))} {i.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}

        <Section title="Member">
          <div className="grid gap-3 sm:grid-cols-2">
            {mode !== "edit" ? (
              <p className="text-sm sm:col-span-2">
                Member {memberId} · {memberName} <span className="text-slate-700">(cannot change after submission)</span>
              </p>
            ) : (
              <>
                <TextInput label="Member ID" value={memberId} onChange={setMemberId} error={err("memberId")} required />
                <TextInput label="Member name" value={memberName} onChange={setMemberName} error={err("memberName")} required />
              </>
            )}
            <DateInput label="Date of birth" value={val(["member", "dateOfBirth"])} onChange={(v) => set(["member", "dateOfBirth"], v)} error={err("member.dateOfBirth")} required />
            <Choice label="Line of business" emptyLabel="Choose…" options={opt(LINES_OF_BUSINESS, LINE_OF_BUSINESS_LABELS)} value={val(["member", "lineOfBusiness"])} onChange={(v) => set(["member", "lineOfBusiness"], v)} error={err("member.lineOfBusiness")} required />
          </div>
        </Section>

        <Section title="Request">
          <div className="grid gap-3 sm:grid-cols-2">
            <DateInput label="Request date" value={val(["request", "requestDate"])} onChange={(v) => set(["request", "requestDate"], v)} error={err("request.requestDate")} required />
            <DateInput label="Planned service date" hint="Optional. Age is checked on this date." value={val(["request", "serviceDate"])} onChange={(v) => set(["request", "serviceDate"], v)} error={err("request.serviceDate")} />
            <Choice
              label="Urgency"
              emptyLabel="Choose…"
              hint="Expedited: decided within 72 hours; standard: within 7 days."
              options={[
                { value: "standard", label: "Standard" },
                { value: "expedited", label: "Expedited" },
              ]}
              value={val(["request", "urgency"])}
              onChange={(v) => set(["request", "urgency"], v)}
              error={err("request.urgency")}
              required
            />
            <Choice label="Indication" emptyLabel="Choose…" options={opt(INDICATIONS, Object.fromEntries(Object.entries(INDICATION_LABELS).map(([k, l]) => [k, l.charAt(0).toUpperCase() + l.slice(1)])))} value={indication} onChange={(v) => set(["request", "indication"], v)} error={err("request.indication")} required />
            <Choice
              label="Phase"
              emptyLabel="Choose…"
              options={[
                { value: "trial", label: "Trial (test injection or infusion)" },
                { value: "implant", label: "Implantation of catheter and pump" },
              ]}
              value={phase}
              onChange={(v) => {
                setRequest((r) => {
                  const keep = (v === "implant" ? IMPLANT_CODES : v === "trial" ? TRIAL_CODES : []) as readonly string[];
                  const next = setAt(r, ["request", "phase"], v);
                  const codesNow = ((getAt(next, ["request", "cptCodes"]) as string[]) ?? []).filter((c) => keep.includes(c));
                  return setAt(next, ["request", "cptCodes"], codesNow.length ? codesNow : undefined);
                });
              }}
              error={err("request.phase")}
              required
            />
          </div>
          <fieldset className="mt-3">
            <legend className="text-sm font-medium">CPT codes</legend>
            {codes.length ? (
              <div className="mt-1 grid gap-1 sm:grid-cols-2">
                {codes.map((code) => (
                  <label key={code} className="flex items-start gap-2 text-sm">
                    <input
                      type="checkbox"
                      className="mt-1"
                      checked={chosenCodes.includes(code)}
                      onChange={(e) => {
                        const next = e.target.checked ? [...chosenCodes, code] : chosenCodes.filter((c) => c !== code);
                        set(["request", "cptCodes"], next.length ? next : undefined);
                      }}
                    />
                    {CPT_LABELS[code] ?? code}
                  </label>
                ))}
              </div>
            ) : (
              <p className="text-sm text-slate-700">Choose the phase first: the codes offered depend on it.</p>
            )}
            {err("request.cptCodes") || issues.find((i) => i.path.startsWith("request.cptCodes["))?.message ? (
              <p className="text-sm text-red-800">{err("request.cptCodes") ?? issues.find((i) => i.path.startsWith("request.cptCodes["))?.message}</p>
            ) : null}
          </fieldset>
        </Section>

        {!indication || !phase ? (
          <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm">Choose the indication and the phase: the clinical questions the policy asks for them will appear here.</p>
        ) : indication === "other" ? (
          <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm">This policy does not address other indications. You may still submit; a physician reviewer decides under other criteria.</p>
        ) : null}

        {needs("painEtiology") ? (
          <Section title="Cause of the pain" quotes={quotesFor("painEtiology")}>
            <YesNo label="Is the cause (etiology) of the pain known and documented?" value={val(["clinical", "painEtiology", "known"])} onChange={(v) => set(["clinical", "painEtiology", "known"], v)} />
            <TextInput label="Diagnosis or cause" multiline value={val(["clinical", "painEtiology", "description"])} onChange={(v) => set(["clinical", "painEtiology", "description"], v)} />
          </Section>
        ) : null}

        {needs("furtherTreatmentOfUnderlyingCondition") ? (
          <Section title="Treatment of the underlying condition" quotes={quotesFor("furtherTreatmentOfUnderlyingCondition")}>
            <Choice label="Is further surgical or other treatment of the underlying condition indicated?" options={opt(FURTHER_TREATMENT_OPTIONS, FURTHER_LABELS)} value={val(["clinical", "furtherTreatmentOfUnderlyingCondition"])} onChange={(v) => set(["clinical", "furtherTreatmentOfUnderlyingCondition"], v)} />
          </Section>
        ) : null}

        {needs("conservativeTherapies") ? (
          <Section title="Conservative therapies tried" quotes={quotesFor("conservativeTherapies")}>
            {(therapies ?? []).map((t, i) => (
              <fieldset key={i} className="space-y-2 rounded border border-slate-300 p-3">
                <legend className="px-1 text-sm font-semibold">Therapy {i + 1}</legend>
                <div className="grid gap-3 sm:grid-cols-2">
                  <Choice label="Kind of therapy" options={opt(THERAPY_MODALITIES, MODALITY_LABELS)} value={t.modality as string | undefined} onChange={(v) => set(["clinical", "conservativeTherapies", i, "modality"], v)} />
                  <Choice label="Result" options={opt(THERAPY_OUTCOMES, THERAPY_OUTCOME_LABELS)} value={t.outcome as string | undefined} onChange={(v) => set(["clinical", "conservativeTherapies", i, "outcome"], v)} />
                  <DateInput label="Started" value={t.startDate as string | undefined} onChange={(v) => set(["clinical", "conservativeTherapies", i, "startDate"], v)} error={err(`clinical.conservativeTherapies[${i}].startDate`)} />
                  <DateInput label="Ended" hint="Leave empty if still going on." value={t.endDate as string | undefined} onChange={(v) => set(["clinical", "conservativeTherapies", i, "endDate"], v)} error={err(`clinical.conservativeTherapies[${i}].endDate`)} />
                </div>
                <TextInput label="Reason it was stopped, contraindicated or refused" multiline value={t.reason as string | undefined} onChange={(v) => set(["clinical", "conservativeTherapies", i, "reason"], v)} />
                <button type="button" className="text-sm text-red-800 underline" onClick={() => set(["clinical", "conservativeTherapies"], (therapies ?? []).length > 1 ? (therapies ?? []).filter((_, j) => j !== i) : undefined)}>
                  Remove therapy {i + 1}
                </button>
              </fieldset>
            ))}
            <button type="button" className="rounded border border-blue-800 px-3 py-1.5 text-sm font-medium text-blue-900" onClick={() => set(["clinical", "conservativeTherapies"], [...(therapies ?? []), {}])}>
              Add a therapy
            </button>
          </Section>
        ) : null}

        {needs("additionalTreatmentsConsidered") ? (
          <Section title="Other treatments considered" quotes={quotesFor("additionalTreatmentsConsidered")}>
            <YesNo label="Was consideration given to additional treatments for the underlying condition?" value={val(["clinical", "additionalTreatmentsConsidered"])} onChange={(v) => set(["clinical", "additionalTreatmentsConsidered"], v)} />
          </Section>
        ) : null}

        {needs("psychiatricHistory") ? (
          <Section title="Psychiatric or psychosocial history" quotes={quotesFor("psychiatricHistory")}>
            <TextInput label="Summary of the history" hint="Write “none” when there is no such history: an empty field counts as not documented." multiline value={val(["clinical", "psychiatricHistory", "summary"])} onChange={(v) => set(["clinical", "psychiatricHistory", "summary"], v)} />
            <YesNo label="Does it include substance use?" value={val(["clinical", "psychiatricHistory", "includesSubstanceUse"])} onChange={(v) => set(["clinical", "psychiatricHistory", "includesSubstanceUse"], v)} />
          </Section>
        ) : null}

        {needs("psychologicalEvaluation") ? (
          <Section title="Psychological evaluation" quotes={quotesFor("psychologicalEvaluation")}>
            <div className="grid gap-3 sm:grid-cols-2">
              <DateInput label="Date of the evaluation" value={val(["clinical", "psychologicalEvaluation", "date"])} onChange={(v) => set(["clinical", "psychologicalEvaluation", "date"], v)} error={err("clinical.psychologicalEvaluation.date")} />
              <YesNo label="Untreated psychological issues likely to interfere?" value={val(["clinical", "psychologicalEvaluation", "untreatedIssuesLikelyToInterfere"])} onChange={(v) => set(["clinical", "psychologicalEvaluation", "untreatedIssuesLikelyToInterfere"], v)} />
            </div>
          </Section>
        ) : null}

        {needs("metastaticLesions") ? (
          <Section title="Metastatic lesions" quotes={quotesFor("metastaticLesions")}>
            <YesNo label="Are metastatic lesions present?" value={val(["clinical", "metastaticLesions", "present"])} onChange={(v) => set(["clinical", "metastaticLesions", "present"], v)} />
            <TextInput
              label="Locations"
              hint="Separate several locations with commas."
              value={(val<string[]>(["clinical", "metastaticLesions", "locations"]) ?? []).join(", ") || undefined}
              onChange={(v) => set(["clinical", "metastaticLesions", "locations"], v ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined)}
            />
          </Section>
        ) : null}

        {needs("increasedIntracranialPressure") ? (
          <Section title="Intracranial pressure" quotes={quotesFor("increasedIntracranialPressure")}>
            <YesNo label="Is increased intracranial pressure present?" value={val(["clinical", "increasedIntracranialPressure"])} onChange={(v) => set(["clinical", "increasedIntracranialPressure"], v)} />
          </Section>
        ) : null}

        {needs("lifeExpectancyMonths") ? (
          <Section title="Life expectancy" quotes={quotesFor("lifeExpectancyMonths")}>
            <NumberInput label="Life expectancy in months" min={0} value={val(["clinical", "lifeExpectancyMonths"])} onChange={(v) => set(["clinical", "lifeExpectancyMonths"], v)} error={err("clinical.lifeExpectancyMonths")} />
          </Section>
        ) : null}

        {needs("spasticityAssessment") ? (
          <Section title="Spasticity assessment" quotes={quotesFor("spasticityAssessment")}>
            <div className="grid gap-3 sm:grid-cols-3">
              <TextInput label="Symptoms" value={val(["clinical", "spasticityAssessment", "symptoms"])} onChange={(v) => set(["clinical", "spasticityAssessment", "symptoms"], v)} />
              <TextInput label="Location" value={val(["clinical", "spasticityAssessment", "location"])} onChange={(v) => set(["clinical", "spasticityAssessment", "location"], v)} />
              <TextInput label="Severity" value={val(["clinical", "spasticityAssessment", "severity"])} onChange={(v) => set(["clinical", "spasticityAssessment", "severity"], v)} />
            </div>
            <TextInput
              label="Daily activities impaired"
              hint="Separate several activities with commas, e.g. walking, getting dressed."
              value={(val<string[]>(["clinical", "spasticityAssessment", "adlImpairment"]) ?? []).join(", ") || undefined}
              onChange={(v) => set(["clinical", "spasticityAssessment", "adlImpairment"], v ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined)}
            />
          </Section>
        ) : null}

        {needs("spasticityScale") ? (
          <Section title="Spasticity scale" quotes={quotesFor("spasticityScale")}>
            <div className="grid gap-3 sm:grid-cols-3">
              <Choice label="Scale" options={opt(SPASTICITY_SCALES, SPASTICITY_SCALE_LABELS)} value={val(["clinical", "spasticityScale", "scale"])} onChange={(v) => set(["clinical", "spasticityScale", "scale"], v)} />
              <NumberInput label="Baseline score" min={0} value={val(["clinical", "spasticityScale", "baselineScore"])} onChange={(v) => set(["clinical", "spasticityScale", "baselineScore"], v)} />
              {phase === "implant" ? <NumberInput label="Score after the trial" min={0} value={val(["clinical", "spasticityScale", "postTrialScore"])} onChange={(v) => set(["clinical", "spasticityScale", "postTrialScore"], v)} /> : null}
            </div>
          </Section>
        ) : null}

        {needs("trial") ? (
          <Section title="Trial results" quotes={quotesFor("trial")}>
            <div className="grid gap-3 sm:grid-cols-3">
              <YesNo label="Was the trial completed?" value={val(["clinical", "trial", "completed"])} onChange={(v) => set(["clinical", "trial", "completed"], v)} />
              <DateInput label="Trial date" value={val(["clinical", "trial", "date"])} onChange={(v) => set(["clinical", "trial", "date"], v)} />
              <Choice label="Route" options={opt(TRIAL_ROUTES)} value={val(["clinical", "trial", "route"])} onChange={(v) => set(["clinical", "trial", "route"], v)} />
              <Choice label="Pain scale" emptyLabel="0–10 scale (default)" options={opt(PAIN_SCALES, PAIN_SCALE_LABELS).filter((o) => o.value !== "nrs_0_10")} value={val(["clinical", "trial", "painScale"])} onChange={(v) => set(["clinical", "trial", "painScale"], v)} />
              <NumberInput label="Pain before the trial" min={0} value={val(["clinical", "trial", "baselinePainScore"])} onChange={(v) => set(["clinical", "trial", "baselinePainScore"], v)} error={err("clinical.trial.baselinePainScore")} />
              <NumberInput label="Pain during the trial" min={0} value={val(["clinical", "trial", "postTrialPainScore"])} onChange={(v) => set(["clinical", "trial", "postTrialPainScore"], v)} error={err("clinical.trial.postTrialPainScore")} />
            </div>
          </Section>
        ) : null}

        <Section title="Records">
          <AttachmentUploader caseId={saved?.caseId} ensureCaseId={save} files={initial?.attachments ?? []} />
        </Section>

        {mode !== "edit" ? (
          <div className="space-y-2 rounded-lg border border-blue-300 bg-blue-50 p-4">
            <TextInput
              label={mode === "appeal" ? "Why the decision should change" : "Your answer to the reviewer"}
              hint={mode === "appeal" ? "At least 20 characters. Attach new records above; change facts above if they changed." : "Say what you are sending. Attach files above; correct or add facts above if they changed."}
              multiline
              value={note || undefined}
              onChange={(v) => setNote(v ?? "")}
              error={err(mode === "appeal" ? "reason" : "note")}
            />
            <button type="button" disabled={pending} onClick={answer} className="rounded bg-blue-800 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-900 disabled:opacity-60">
              {pending ? "Sending…" : mode === "appeal" ? "File the appeal" : "Send the answer"}
            </button>
          </div>
        ) : null}
        {mode === "edit" ? (
        <div className="sticky bottom-0 flex flex-wrap items-center gap-3 border-t border-slate-300 bg-white py-3">
          <button type="button" disabled={pending} onClick={() => startTransition(async () => void (await save()))} className="rounded border border-slate-500 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60">
            Save draft
          </button>
          <button type="submit" disabled={pending} className="rounded bg-blue-800 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-900 disabled:opacity-60">
            {pending ? "Working…" : "Submit request"}
          </button>
          <span className="text-xs text-slate-700">You may submit an incomplete request; the reviewer will see what is missing.</span>
        </div>
        ) : null}
      </form>
      <aside className="lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto" aria-label="Policy check">
        <StillNeedsPanel request={request} />
      </aside>
    </div>
  );
}

function newFormKey(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `form-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function Section({ title, quotes, children }: { title: string; quotes?: Criterion[]; children: React.ReactNode }) {
  return (
    <section className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
      <h2 className="text-lg font-semibold">{title}</h2>
      {quotes?.length ? (
        <div className="space-y-1 text-sm text-slate-700">
          {quotes.map((c) => (
            <p key={c.id}>
              <span className="font-medium text-slate-900">{c.label}.</span> The policy says: “{c.quote}”{" "}
              <a className="text-blue-800 underline" href={policyHref(LATEST_RULES.id, c.anchor)} target="_blank" rel="noreferrer">
                Policy text<span className="sr-only"> for {c.label} (opens in a new tab)</span>
              </a>
            </p>
          ))}
        </div>
      ) : null}
      {children}
    </section>
  );
}
