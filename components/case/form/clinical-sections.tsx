"use client";
// One component per clinical section of the request form, in the form's order, each with the
// policy's words for the criteria its fields document. Shown only when a criterion of the chosen
// indication and phase needs its field; the request form loads this module (and the criteria
// catalogue it quotes) once both are chosen, so a new request's first load carries neither.
import { useMemo } from "react";
import { policyHref } from "@/lib/domain";
import { criteriaFor, LATEST_RULES } from "@/lib/policy/catalogue";
import {
  PAIN_SCALES,
  SPASTICITY_SCALES,
  THERAPY_MODALITIES,
  THERAPY_OUTCOMES,
  TRIAL_ROUTES,
  FURTHER_TREATMENT_OPTIONS,
  type Indication,
  type Phase,
} from "@/lib/policy/constants";
import { PAIN_SCALE_LABELS, SPASTICITY_SCALE_LABELS, THERAPY_OUTCOME_LABELS } from "@/lib/policy/labels";
import type { Criterion } from "@/lib/policy/types";
import { Choice, DateInput, Field, inputClass, opt, TextInput } from "../form-fields";
import { FURTHER_LABELS, MODALITY_LABELS } from "../request-fields";
import { Section } from "./section";
import type { CaseDraft, Json } from "./use-case-draft";

// The two field kinds only clinical sections use (form-fields.tsx has the others).
function NumberInput(props: {
  label: string;
  hint?: string;
  error?: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  min?: number;
  max?: number;
}) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {({ id, describedBy }) => (
        <input
          type="number"
          inputMode="decimal"
          id={id}
          min={props.min}
          max={props.max}
          aria-describedby={describedBy}
          aria-invalid={!!props.error}
          className={inputClass}
          value={props.value ?? ""}
          onChange={(e) =>
            props.onChange(
              e.target.value === "" || Number.isNaN(e.target.valueAsNumber) ? undefined : e.target.valueAsNumber,
            )
          }
        />
      )}
    </Field>
  );
}

/** Not documented / Yes / No for a fact that may be documented as false. */
function YesNo(props: {
  label: string;
  hint?: string;
  error?: string;
  value: boolean | undefined;
  onChange: (v: boolean | undefined) => void;
}) {
  return (
    <Choice
      label={props.label}
      hint={props.hint}
      error={props.error}
      value={props.value === undefined ? undefined : props.value ? "yes" : "no"}
      options={[
        { value: "yes", label: "Yes" },
        { value: "no", label: "No" },
      ]}
      onChange={(v) => props.onChange(v === undefined ? undefined : v === "yes")}
    />
  );
}

/** A section headed by the policy's words for the criteria its fields document. */
function QuotedSection({ title, quotes, children }: { title: string; quotes: Criterion[]; children: React.ReactNode }) {
  return (
    <Section title={title}>
      <div className="space-y-1 text-sm text-slate-700">
        {quotes.map((c) => (
          <p key={c.id}>
            <span className="font-medium text-slate-900">{c.label}.</span> The policy says: “{c.quote}”{" "}
            <a
              className="text-blue-800 underline"
              href={policyHref(LATEST_RULES.id, c.anchor)}
              target="_blank"
              rel="noreferrer"
            >
              Policy text<span className="sr-only"> for {c.label} (opens in a new tab)</span>
            </a>
          </p>
        ))}
      </div>
      {children}
    </Section>
  );
}

interface SectionProps {
  form: CaseDraft;
  title: string;
  quotes: Criterion[];
  phase: string | undefined;
}

function PainEtiologySection({ form, title, quotes }: SectionProps) {
  const { val, set } = form;
  return (
    <QuotedSection title={title} quotes={quotes}>
      <YesNo
        label="Is the cause (etiology) of the pain known and documented?"
        value={val(["clinical", "painEtiology", "known"])}
        onChange={(v) => set(["clinical", "painEtiology", "known"], v)}
      />
      <TextInput
        label="Diagnosis or cause"
        multiline
        value={val(["clinical", "painEtiology", "description"])}
        onChange={(v) => set(["clinical", "painEtiology", "description"], v)}
      />
    </QuotedSection>
  );
}

function FurtherTreatmentOfUnderlyingConditionSection({ form, title, quotes }: SectionProps) {
  const { val, set } = form;
  return (
    <QuotedSection title={title} quotes={quotes}>
      <Choice
        label="Is further surgical or other treatment of the underlying condition indicated?"
        options={opt(FURTHER_TREATMENT_OPTIONS, FURTHER_LABELS)}
        value={val(["clinical", "furtherTreatmentOfUnderlyingCondition"])}
        onChange={(v) => set(["clinical", "furtherTreatmentOfUnderlyingCondition"], v)}
      />
    </QuotedSection>
  );
}

function ConservativeTherapiesSection({ form, title, quotes }: SectionProps) {
  const { val, set, err } = form;
  const therapies = val<Json[]>(["clinical", "conservativeTherapies"]);
  return (
    <QuotedSection title={title} quotes={quotes}>
      {(therapies ?? []).map((t, i) => (
        <fieldset key={i} className="space-y-2 rounded border border-slate-300 p-3">
          <legend className="px-1 text-sm font-semibold">Therapy {i + 1}</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            <Choice
              label="Kind of therapy"
              options={opt(THERAPY_MODALITIES, MODALITY_LABELS)}
              value={t.modality as string | undefined}
              onChange={(v) => set(["clinical", "conservativeTherapies", i, "modality"], v)}
            />
            <Choice
              label="Result"
              options={opt(THERAPY_OUTCOMES, THERAPY_OUTCOME_LABELS)}
              value={t.outcome as string | undefined}
              onChange={(v) => set(["clinical", "conservativeTherapies", i, "outcome"], v)}
            />
            <DateInput
              label="Started"
              value={t.startDate as string | undefined}
              onChange={(v) => set(["clinical", "conservativeTherapies", i, "startDate"], v)}
              error={err(`clinical.conservativeTherapies[${i}].startDate`)}
            />
            <DateInput
              label="Ended"
              hint="Leave empty if still going on."
              value={t.endDate as string | undefined}
              onChange={(v) => set(["clinical", "conservativeTherapies", i, "endDate"], v)}
              error={err(`clinical.conservativeTherapies[${i}].endDate`)}
            />
          </div>
          <TextInput
            label="Reason it was stopped, contraindicated or refused"
            multiline
            value={t.reason as string | undefined}
            onChange={(v) => set(["clinical", "conservativeTherapies", i, "reason"], v)}
          />
          <button
            type="button"
            className="text-sm text-red-800 underline"
            onClick={() =>
              set(
                ["clinical", "conservativeTherapies"],
                (therapies ?? []).length > 1 ? (therapies ?? []).filter((_, j) => j !== i) : undefined,
              )
            }
          >
            Remove therapy {i + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="rounded border border-blue-800 px-3 py-1.5 text-sm font-medium text-blue-900"
        onClick={() => set(["clinical", "conservativeTherapies"], [...(therapies ?? []), {}])}
      >
        Add a therapy
      </button>
    </QuotedSection>
  );
}

function AdditionalTreatmentsConsideredSection({ form, title, quotes }: SectionProps) {
  const { val, set } = form;
  return (
    <QuotedSection title={title} quotes={quotes}>
      <YesNo
        label="Was consideration given to additional treatments for the underlying condition?"
        value={val(["clinical", "additionalTreatmentsConsidered"])}
        onChange={(v) => set(["clinical", "additionalTreatmentsConsidered"], v)}
      />
    </QuotedSection>
  );
}

function PsychiatricHistorySection({ form, title, quotes }: SectionProps) {
  const { val, set } = form;
  return (
    <QuotedSection title={title} quotes={quotes}>
      <TextInput
        label="Summary of the history"
        hint="Write “none” when there is no such history: an empty field counts as not documented."
        multiline
        value={val(["clinical", "psychiatricHistory", "summary"])}
        onChange={(v) => set(["clinical", "psychiatricHistory", "summary"], v)}
      />
      <YesNo
        label="Does it include substance use?"
        value={val(["clinical", "psychiatricHistory", "includesSubstanceUse"])}
        onChange={(v) => set(["clinical", "psychiatricHistory", "includesSubstanceUse"], v)}
      />
    </QuotedSection>
  );
}

function PsychologicalEvaluationSection({ form, title, quotes }: SectionProps) {
  const { val, set, err } = form;
  return (
    <QuotedSection title={title} quotes={quotes}>
      <div className="grid gap-3 sm:grid-cols-2">
        <DateInput
          label="Date of the evaluation"
          value={val(["clinical", "psychologicalEvaluation", "date"])}
          onChange={(v) => set(["clinical", "psychologicalEvaluation", "date"], v)}
          error={err("clinical.psychologicalEvaluation.date")}
        />
        <YesNo
          label="Untreated psychological issues likely to interfere?"
          value={val(["clinical", "psychologicalEvaluation", "untreatedIssuesLikelyToInterfere"])}
          onChange={(v) => set(["clinical", "psychologicalEvaluation", "untreatedIssuesLikelyToInterfere"], v)}
        />
      </div>
    </QuotedSection>
  );
}

function MetastaticLesionsSection({ form, title, quotes }: SectionProps) {
  const { val, set } = form;
  return (
    <QuotedSection title={title} quotes={quotes}>
      <YesNo
        label="Are metastatic lesions present?"
        value={val(["clinical", "metastaticLesions", "present"])}
        onChange={(v) => set(["clinical", "metastaticLesions", "present"], v)}
      />
      <TextInput
        label="Locations"
        hint="Separate several locations with commas."
        value={(val<string[]>(["clinical", "metastaticLesions", "locations"]) ?? []).join(", ") || undefined}
        onChange={(v) =>
          set(
            ["clinical", "metastaticLesions", "locations"],
            v
              ? v
                  .split(",")
                  .map((s) => s.trim())
                  .filter(Boolean)
              : undefined,
          )
        }
      />
    </QuotedSection>
  );
}

function IncreasedIntracranialPressureSection({ form, title, quotes }: SectionProps) {
  const { val, set } = form;
  return (
    <QuotedSection title={title} quotes={quotes}>
      <YesNo
        label="Is increased intracranial pressure present?"
        value={val(["clinical", "increasedIntracranialPressure"])}
        onChange={(v) => set(["clinical", "increasedIntracranialPressure"], v)}
      />
    </QuotedSection>
  );
}

function LifeExpectancyMonthsSection({ form, title, quotes }: SectionProps) {
  const { val, set, err } = form;
  return (
    <QuotedSection title={title} quotes={quotes}>
      <NumberInput
        label="Life expectancy in months"
        min={0}
        value={val(["clinical", "lifeExpectancyMonths"])}
        onChange={(v) => set(["clinical", "lifeExpectancyMonths"], v)}
        error={err("clinical.lifeExpectancyMonths")}
      />
    </QuotedSection>
  );
}

function SpasticityAssessmentSection({ form, title, quotes }: SectionProps) {
  const { val, set } = form;
  return (
    <QuotedSection title={title} quotes={quotes}>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextInput
          label="Symptoms"
          value={val(["clinical", "spasticityAssessment", "symptoms"])}
          onChange={(v) => set(["clinical", "spasticityAssessment", "symptoms"], v)}
        />
        <TextInput
          label="Location"
          value={val(["clinical", "spasticityAssessment", "location"])}
          onChange={(v) => set(["clinical", "spasticityAssessment", "location"], v)}
        />
        <TextInput
          label="Severity"
          value={val(["clinical", "spasticityAssessment", "severity"])}
          onChange={(v) => set(["clinical", "spasticityAssessment", "severity"], v)}
        />
      </div>
      <TextInput
        label="Daily activities impaired"
        hint="Separate several activities with commas, e.g. walking, getting dressed."
        value={(val<string[]>(["clinical", "spasticityAssessment", "adlImpairment"]) ?? []).join(", ") || undefined}
        onChange={(v) =>
          set(
            ["clinical", "spasticityAssessment", "adlImpairment"],
            v
              ? v
                  .split(",")
                  .map((s) => s.trim())
                  .filter(Boolean)
              : undefined,
          )
        }
      />
    </QuotedSection>
  );
}

function SpasticityScaleSection({ form, title, quotes, phase }: SectionProps) {
  const { val, set } = form;
  return (
    <QuotedSection title={title} quotes={quotes}>
      <div className="grid gap-3 sm:grid-cols-3">
        <Choice
          label="Scale"
          options={opt(SPASTICITY_SCALES, SPASTICITY_SCALE_LABELS)}
          value={val(["clinical", "spasticityScale", "scale"])}
          onChange={(v) => set(["clinical", "spasticityScale", "scale"], v)}
        />
        <NumberInput
          label="Baseline score"
          min={0}
          value={val(["clinical", "spasticityScale", "baselineScore"])}
          onChange={(v) => set(["clinical", "spasticityScale", "baselineScore"], v)}
        />
        {phase === "implant" ? (
          <NumberInput
            label="Score after the trial"
            min={0}
            value={val(["clinical", "spasticityScale", "postTrialScore"])}
            onChange={(v) => set(["clinical", "spasticityScale", "postTrialScore"], v)}
          />
        ) : null}
      </div>
    </QuotedSection>
  );
}

function TrialSection({ form, title, quotes }: SectionProps) {
  const { val, set, err } = form;
  return (
    <QuotedSection title={title} quotes={quotes}>
      <div className="grid gap-3 sm:grid-cols-3">
        <YesNo
          label="Was the trial completed?"
          value={val(["clinical", "trial", "completed"])}
          onChange={(v) => set(["clinical", "trial", "completed"], v)}
        />
        <DateInput
          label="Trial date"
          value={val(["clinical", "trial", "date"])}
          onChange={(v) => set(["clinical", "trial", "date"], v)}
        />
        <Choice
          label="Route"
          options={opt(TRIAL_ROUTES)}
          value={val(["clinical", "trial", "route"])}
          onChange={(v) => set(["clinical", "trial", "route"], v)}
        />
        <Choice
          label="Pain scale"
          emptyLabel="0–10 scale (default)"
          options={opt(PAIN_SCALES, PAIN_SCALE_LABELS).filter((o) => o.value !== "nrs_0_10")}
          value={val(["clinical", "trial", "painScale"])}
          onChange={(v) => set(["clinical", "trial", "painScale"], v)}
        />
        <NumberInput
          label="Pain before the trial"
          min={0}
          value={val(["clinical", "trial", "baselinePainScore"])}
          onChange={(v) => set(["clinical", "trial", "baselinePainScore"], v)}
          error={err("clinical.trial.baselinePainScore")}
        />
        <NumberInput
          label="Pain during the trial"
          min={0}
          value={val(["clinical", "trial", "postTrialPainScore"])}
          onChange={(v) => set(["clinical", "trial", "postTrialPainScore"], v)}
          error={err("clinical.trial.postTrialPainScore")}
        />
      </div>
    </QuotedSection>
  );
}

/** The clinical sections in the form's order: the request field each documents, its title, its component. */
const CLINICAL_SECTIONS: { field: string; title: string; Component: (props: SectionProps) => React.ReactNode }[] = [
  { field: "painEtiology", title: "Cause of the pain", Component: PainEtiologySection },
  {
    field: "furtherTreatmentOfUnderlyingCondition",
    title: "Treatment of the underlying condition",
    Component: FurtherTreatmentOfUnderlyingConditionSection,
  },
  { field: "conservativeTherapies", title: "Conservative therapies tried", Component: ConservativeTherapiesSection },
  {
    field: "additionalTreatmentsConsidered",
    title: "Other treatments considered",
    Component: AdditionalTreatmentsConsideredSection,
  },
  { field: "psychiatricHistory", title: "Psychiatric or psychosocial history", Component: PsychiatricHistorySection },
  { field: "psychologicalEvaluation", title: "Psychological evaluation", Component: PsychologicalEvaluationSection },
  { field: "metastaticLesions", title: "Metastatic lesions", Component: MetastaticLesionsSection },
  {
    field: "increasedIntracranialPressure",
    title: "Intracranial pressure",
    Component: IncreasedIntracranialPressureSection,
  },
  { field: "lifeExpectancyMonths", title: "Life expectancy", Component: LifeExpectancyMonthsSection },
  { field: "spasticityAssessment", title: "Spasticity assessment", Component: SpasticityAssessmentSection },
  { field: "spasticityScale", title: "Spasticity scale", Component: SpasticityScaleSection },
  { field: "trial", title: "Trial results", Component: TrialSection },
];

/** The clinical sections the chosen indication and phase need, each with its criteria's words. */
export function ClinicalSections({
  form,
  indication,
  phase,
}: {
  form: CaseDraft;
  indication: Indication;
  phase: Phase;
}) {
  const criteria = useMemo(() => criteriaFor(indication, phase), [indication, phase]);
  const quotesFor = (field: string) =>
    criteria.filter(
      (c) =>
        c.kind !== "scope" && c.fields.some((f) => f === `clinical.${field}` || f.startsWith(`clinical.${field}.`)),
    );
  return CLINICAL_SECTIONS.map(({ field, title, Component }) => {
    const quotes = quotesFor(field);
    return quotes.length ? <Component key={field} form={form} title={title} quotes={quotes} phase={phase} /> : null;
  });
}
