"use client";
// The member and request sections of the request form. The CPT codes' choices (form/cpt-codes.tsx)
// load once a phase is chosen: the codes offered depend on it.
import { lazy, Suspense } from "react";
import {
  IMPLANT_CODES,
  INDICATIONS,
  LINES_OF_BUSINESS,
  PHASES,
  TRIAL_CODES,
  URGENCIES,
  type Indication,
  type Phase,
} from "@/lib/policy/constants";
import { LINE_OF_BUSINESS_LABELS } from "@/lib/policy/labels";
import { Choice, DateInput, opt, TextInput } from "../form-fields";
import { INDICATION_CHOICES, URGENCY_LABELS } from "@/lib/domain";
import { PHASE_CHOICES } from "../request-fields";
import { Section } from "./section";
import { getAt, setAt, type CaseDraft, type FormMode } from "./use-case-draft";

const CptCodeChoices = lazy(() => import("./cpt-codes").then((m) => ({ default: m.CptCodeChoices })));

export function MemberSection({ form, mode }: { form: CaseDraft; mode: FormMode }) {
  const { val, set, err, memberId, setMemberId, memberName, setMemberName } = form;
  return (
    <Section title="Member">
      <div className="grid gap-3 sm:grid-cols-2">
        {mode !== "edit" ? (
          <p className="text-sm sm:col-span-2">
            Member {memberId} · {memberName} <span className="text-slate-700">(cannot change after submission)</span>
          </p>
        ) : (
          <>
            <TextInput label="Member ID" value={memberId} onChange={setMemberId} error={err("memberId")} required />
            <TextInput
              label="Member name"
              value={memberName}
              onChange={setMemberName}
              error={err("memberName")}
              required
            />
          </>
        )}
        <DateInput
          label="Date of birth"
          value={val(["member", "dateOfBirth"])}
          onChange={(v) => set(["member", "dateOfBirth"], v)}
          error={err("member.dateOfBirth")}
          required
        />
        <Choice
          label="Line of business"
          emptyLabel="Choose…"
          options={opt(LINES_OF_BUSINESS, LINE_OF_BUSINESS_LABELS)}
          value={val(["member", "lineOfBusiness"])}
          onChange={(v) => set(["member", "lineOfBusiness"], v)}
          error={err("member.lineOfBusiness")}
          required
        />
      </div>
    </Section>
  );
}

export function RequestSection({ form }: { form: CaseDraft }) {
  const { val, set, err, issues, setRequest } = form;
  const indication = val<Indication>(["request", "indication"]);
  const phase = val<Phase>(["request", "phase"]);
  const codes = phase === "implant" ? IMPLANT_CODES : phase === "trial" ? TRIAL_CODES : [];
  const chosenCodes = val<string[]>(["request", "cptCodes"]) ?? [];
  return (
    <Section title="Request">
      <div className="grid gap-3 sm:grid-cols-2">
        <DateInput
          label="Request date"
          value={val(["request", "requestDate"])}
          onChange={(v) => set(["request", "requestDate"], v)}
          error={err("request.requestDate")}
          required
        />
        <DateInput
          label="Planned service date"
          hint="Optional. Age is checked on this date."
          value={val(["request", "serviceDate"])}
          onChange={(v) => set(["request", "serviceDate"], v)}
          error={err("request.serviceDate")}
        />
        <Choice
          label="Urgency"
          emptyLabel="Choose…"
          hint="Expedited: decided within 72 hours; standard: within 7 days."
          options={opt(URGENCIES, URGENCY_LABELS)}
          value={val(["request", "urgency"])}
          onChange={(v) => set(["request", "urgency"], v)}
          error={err("request.urgency")}
          required
        />
        <Choice
          label="Indication"
          emptyLabel="Choose…"
          options={opt(INDICATIONS, INDICATION_CHOICES)}
          value={indication}
          onChange={(v) => set(["request", "indication"], v)}
          error={err("request.indication")}
          required
        />
        <Choice
          label="Phase"
          emptyLabel="Choose…"
          options={opt(PHASES, PHASE_CHOICES)}
          value={phase}
          onChange={(v) => {
            setRequest((r) => {
              const keep = (v === "implant" ? IMPLANT_CODES : v === "trial" ? TRIAL_CODES : []) as readonly string[];
              const next = setAt(r, ["request", "phase"], v);
              const codesNow = ((getAt(next, ["request", "cptCodes"]) as string[]) ?? []).filter((c) =>
                keep.includes(c),
              );
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
          <Suspense fallback={<p className="text-sm text-slate-700">Loading the codes…</p>}>
            <CptCodeChoices
              codes={codes}
              chosen={chosenCodes}
              onChange={(next) => set(["request", "cptCodes"], next.length ? next : undefined)}
            />
          </Suspense>
        ) : (
          <p className="text-sm text-slate-700">Choose the phase first: the codes offered depend on it.</p>
        )}
        {err("request.cptCodes") || issues.find((i) => i.path.startsWith("request.cptCodes["))?.message ? (
          <p className="text-sm text-red-800">
            {err("request.cptCodes") ?? issues.find((i) => i.path.startsWith("request.cptCodes["))?.message}
          </p>
        ) : null}
      </fieldset>
    </Section>
  );
}
