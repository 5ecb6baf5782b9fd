"use client";
// The member and request sections of the request form.
import { IMPLANT_CODES, INDICATIONS, LINES_OF_BUSINESS, TRIAL_CODES, type Indication, type Phase } from "@/lib/policy/constants";
import { LINE_OF_BUSINESS_LABELS } from "@/lib/policy/labels";
import { Choice, DateInput, TextInput } from "../form-fields";
import { INDICATION_CHOICES } from "../request-fields";
import { opt } from "./clinical-sections";
import { Section } from "./section";
import { getAt, setAt, type CaseDraft, type FormMode } from "./use-case-draft";

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
            <TextInput label="Member name" value={memberName} onChange={setMemberName} error={err("memberName")} required />
          </>
        )}
        <DateInput label="Date of birth" value={val(["member", "dateOfBirth"])} onChange={(v) => set(["member", "dateOfBirth"], v)} error={err("member.dateOfBirth")} required />
        <Choice label="Line of business" emptyLabel="Choose…" options={opt(LINES_OF_BUSINESS, LINE_OF_BUSINESS_LABELS)} value={val(["member", "lineOfBusiness"])} onChange={(v) => set(["member", "lineOfBusiness"], v)} error={err("member.lineOfBusiness")} required />
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
        <Choice label="Indication" emptyLabel="Choose…" options={opt(INDICATIONS, INDICATION_CHOICES)} value={indication} onChange={(v) => set(["request", "indication"], v)} error={err("request.indication")} required />
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
  );
}
