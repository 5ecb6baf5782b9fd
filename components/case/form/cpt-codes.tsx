"use client";
// The CPT codes offered for the chosen phase, one checkbox each with the code's words. Loaded by
// the request section once a phase is chosen.

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

export function CptCodeChoices({
  codes,
  chosen,
  onChange,
}: {
  codes: readonly string[];
  chosen: string[];
  onChange: (codes: string[]) => void;
}) {
  return (
    <div className="mt-1 grid gap-1 sm:grid-cols-2">
      {codes.map((code) => (
        <label key={code} className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-1"
            checked={chosen.includes(code)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, code] : chosen.filter((c) => c !== code))}
          />
          {CPT_LABELS[code] ?? code}
        </label>
      ))}
    </div>
  );
}
