// The interchange request (lib/policy/schema.ts) as a tree of questionnaire fields: one node per
// object and per clinical fact, with the FHIR answer type and value list of each fact. Both the
// Questionnaire generator and the QuestionnaireResponse mapping walk this one tree, so a form
// item and the request field it fills cannot drift apart (a test walks the conformance cases and
// checks every key they hold has a node here).

import {
  FURTHER_TREATMENT_OPTIONS,
  INDICATIONS,
  LINES_OF_BUSINESS,
  PAIN_SCALES,
  PHASES,
  SPASTICITY_SCALES,
  THERAPY_MODALITIES,
  THERAPY_OUTCOMES,
  TRIAL_ROUTES,
  URGENCIES,
} from "@/lib/policy/constants";

export type LeafType = "date" | "boolean" | "decimal" | "string" | "text" | "choice";

export interface LeafField {
  kind: "leaf";
  /** Key in the parent object. */
  key: string;
  text: string;
  type: LeafType;
  required?: boolean;
  repeats?: boolean;
  /** For choice: the value list (its name is the code system's last segment). */
  options?: { list: string; values: readonly string[] };
}

export interface GroupField {
  kind: "group";
  key: string;
  text: string;
  required?: boolean;
  /** A list of objects (conservative therapies): one group answer per entry. */
  repeats?: boolean;
  children: Field[];
}

export type Field = LeafField | GroupField;

const leaf = (key: string, text: string, type: LeafType, more: Partial<LeafField> = {}): LeafField => ({
  kind: "leaf",
  key,
  text,
  type,
  ...more,
});
const choice = (
  key: string,
  text: string,
  list: string,
  values: readonly string[],
  more: Partial<LeafField> = {},
): LeafField => leaf(key, text, "choice", { options: { list, values }, ...more });
const group = (key: string, text: string, children: Field[], more: Partial<GroupField> = {}): GroupField => ({
  kind: "group",
  key,
  text,
  children,
  ...more,
});

/** The request, member and clinical facts of the interchange format, in form order. */
export const REQUEST_FIELDS: readonly GroupField[] = [
  group(
    "member",
    "Member",
    [
      leaf("dateOfBirth", "Date of birth", "date", { required: true }),
      choice("lineOfBusiness", "Line of business", "line-of-business", LINES_OF_BUSINESS, { required: true }),
    ],
    { required: true },
  ),
  group(
    "request",
    "Request",
    [
      leaf("requestDate", "Request date", "date", { required: true }),
      leaf("serviceDate", "Planned date of service", "date"),
      choice("urgency", "Urgency", "urgency", URGENCIES, { required: true }),
      choice("phase", "Phase", "phase", PHASES, { required: true }),
      choice("indication", "Indication", "indication", INDICATIONS, { required: true }),
      leaf("cptCodes", "CPT codes requested", "string", { required: true, repeats: true }),
    ],
    { required: true },
  ),
  group("clinical", "Clinical facts", [
    group("painEtiology", "Etiology of the pain", [
      leaf("known", "Is the etiology of the pain known and documented?", "boolean"),
      leaf("description", "Etiology", "text"),
    ]),
    choice(
      "furtherTreatmentOfUnderlyingCondition",
      "Further treatment or surgery for the underlying condition",
      "further-treatment",
      FURTHER_TREATMENT_OPTIONS,
    ),
    group(
      "conservativeTherapies",
      "Treatments tried (one entry per treatment)",
      [
        choice("modality", "Modality", "therapy-modality", THERAPY_MODALITIES),
        leaf("startDate", "Start date", "date", { required: true }),
        leaf("endDate", "End date", "date"),
        choice("outcome", "Outcome", "therapy-outcome", THERAPY_OUTCOMES),
        leaf("reason", "Reason for discontinuation / details", "text"),
      ],
      { repeats: true },
    ),
    leaf(
      "additionalTreatmentsConsidered",
      "Were additional treatments for the underlying condition considered?",
      "boolean",
    ),
    group("psychiatricHistory", "Psychiatric, psychosocial or substance use history", [
      leaf("summary", "Summary", "text"),
      leaf("includesSubstanceUse", "Does it include substance use?", "boolean"),
    ]),
    group("psychologicalEvaluation", "Psychological evaluation", [
      leaf("date", "Date of the evaluation", "date"),
      leaf(
        "untreatedIssuesLikelyToInterfere",
        "Untreated psychological or psychosocial issues likely to interfere with pain treatment?",
        "boolean",
      ),
    ]),
    group("metastaticLesions", "Metastatic lesions", [
      leaf("present", "Are metastatic lesions present?", "boolean"),
      leaf("locations", "Locations", "string", { repeats: true }),
    ]),
    leaf("increasedIntracranialPressure", "Is intracranial pressure increased?", "boolean"),
    leaf("lifeExpectancyMonths", "Life expectancy (months)", "decimal"),
    group("spasticityAssessment", "Spasticity assessment", [
      leaf("symptoms", "Symptoms and pain", "text"),
      leaf("location", "Location", "text"),
      leaf("severity", "Severity", "text"),
      leaf("adlImpairment", "Impaired activities of daily living", "string", { repeats: true }),
    ]),
    group("spasticityScale", "Spasticity scale", [
      choice("scale", "Scale", "spasticity-scale", SPASTICITY_SCALES),
      leaf("baselineScore", "Baseline score", "decimal"),
      leaf("postTrialScore", "Score after the trial", "decimal"),
    ]),
    group("trial", "Drug infusion trial", [
      leaf("completed", "Was the trial completed?", "boolean"),
      leaf("date", "Date of the trial", "date"),
      choice("route", "Route", "trial-route", TRIAL_ROUTES),
      choice("painScale", "Pain scale", "pain-scale", PAIN_SCALES),
      leaf("baselinePainScore", "Pain score before the trial", "decimal"),
      leaf("postTrialPainScore", "Pain score during the trial", "decimal"),
    ]),
  ]),
];

/** Every leaf with its dotted path ("clinical.trial.completed"; list entries share the list's path). */
export function leafPaths(
  fields: readonly Field[] = REQUEST_FIELDS,
  prefix = "",
): { path: string; field: LeafField; parents: GroupField[] }[] {
  const out: { path: string; field: LeafField; parents: GroupField[] }[] = [];
  const walk = (list: readonly Field[], at: string, parents: GroupField[]) => {
    for (const f of list) {
      const path = at ? `${at}.${f.key}` : f.key;
      if (f.kind === "leaf") out.push({ path, field: f, parents });
      else walk(f.children, path, [...parents, f]);
    }
  };
  walk(fields, prefix, []);
  return out;
}
