// A link that opens the portal's request form for an order (the CRD card's "start the request"
// link): phase, indication and CPT codes in the query string. One module builds and reads it, so
// the card and the page cannot disagree. Pure: no I/O.
import { z } from "./validation/zod";
import { IMPLANT_CODES, INDICATIONS, PHASES, TRIAL_CODES, type Indication, type Phase } from "@/lib/policy/constants";

export interface RequestPrefill {
  phase?: Phase;
  indication?: Indication;
  cptCodes?: string[];
}

const CODES_BY_PHASE: Record<Phase, readonly string[]> = { trial: TRIAL_CODES, implant: IMPLANT_CODES };

/** The form's address for an order: `/cases/new?phase=…&indication=…&cpt=62326,62327`. */
export function requestPrefillPath(prefill: RequestPrefill): string {
  const query = new URLSearchParams();
  if (prefill.phase) query.set("phase", prefill.phase);
  if (prefill.indication) query.set("indication", prefill.indication);
  if (prefill.cptCodes?.length) query.set("cpt", prefill.cptCodes.join(","));
  const q = query.toString();
  return q ? `/cases/new?${q}` : "/cases/new";
}

const single = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** The query of a prefill link, as the page receives it (searchParams); every part optional. */
const requestPrefillQuery = z
  .object({
    phase: z.preprocess(single, z.enum(PHASES, { error: `must be one of: ${PHASES.join(", ")}` }).optional()),
    indication: z.preprocess(
      single,
      z.enum(INDICATIONS, { error: `must be one of: ${INDICATIONS.join(", ")}` }).optional(),
    ),
    cpt: z.preprocess(
      single,
      z
        .string()
        .transform((s) =>
          s
            .split(",")
            .map((c) => c.trim())
            .filter(Boolean),
        )
        .pipe(
          z
            .array(
              z.enum([...TRIAL_CODES, ...IMPLANT_CODES], {
                error: "must list CPT codes of this policy (62320–62327, 62350, 62351, 62360–62362)",
              }),
            )
            .max(13),
        )
        .optional(),
    ),
  })
  .superRefine((q, ctx) => {
    if (!q.phase || !q.cpt) return;
    const phase = q.phase;
    const other = q.cpt.filter((c) => !CODES_BY_PHASE[phase].includes(c));
    if (other.length)
      ctx.addIssue({
        code: "custom",
        path: ["cpt"],
        message: `${other.join(", ")} ${other.length > 1 ? "do" : "does"} not belong to phase "${phase}"`,
      });
  });

/**
 * What a prefill link asks the form to start with, and what of it was not understood (left out,
 * named for the person: a link from an EHR must not silently start a different request).
 */
export function readRequestPrefill(searchParams: Record<string, string | string[] | undefined>): {
  prefill: RequestPrefill;
  refused: string[];
} {
  const parsed = requestPrefillQuery.safeParse(searchParams);
  if (parsed.success) {
    const { phase, indication, cpt } = parsed.data;
    return {
      prefill: {
        ...(phase ? { phase } : {}),
        ...(indication ? { indication } : {}),
        ...(cpt?.length ? { cptCodes: [...new Set(cpt)] } : {}),
      },
      refused: [],
    };
  }
  const refused = parsed.error.issues.map((i) => `${String(i.path[0] ?? "link")}: ${i.message}`);
  return { prefill: {}, refused };
}
