import { describe, expect, it } from "vitest";
import type { ServiceRequest } from "@medplum/fhirtypes";
import { LATEST_RULES } from "@/lib/policy";
import { CPT_SYSTEM } from "./constants";
import { crdResponse } from "./crd";

const order = (codes: string[]): ServiceRequest => ({
  resourceType: "ServiceRequest",
  status: "draft",
  intent: "order",
  subject: { reference: "Patient/p" },
  code: { coding: codes.map((code) => ({ system: CPT_SYSTEM, code })) },
});
const options = { origin: "https://portal.example", today: "2026-12-05", newId: () => "id" };

describe("CRD card links", () => {
  it("open the request form started for the order, one per phase, and the policy text", () => {
    const { cards } = crdResponse(LATEST_RULES, [order(["62326", "62362", "99213"])], options);
    expect(cards[0]!.links).toEqual([
      {
        label: "Start the trial request in the portal (CPT 62326)",
        url: "https://portal.example/cases/new?phase=trial&cpt=62326",
        type: "absolute",
      },
      {
        label: "Start the implant request in the portal (CPT 62362)",
        url: "https://portal.example/cases/new?phase=implant&cpt=62362",
        type: "absolute",
      },
      { label: "PHARMACY 339.7 policy text", url: "https://portal.example/policy/339.7", type: "absolute" },
    ]);
  });

  it("never point at an operation a browser cannot open", () => {
    const { cards } = crdResponse(LATEST_RULES, [order(["62350", "62351"])], options);
    for (const link of cards.flatMap((c) => c.links ?? [])) expect(link.url).not.toMatch(/\/fhir\/|\$/);
  });
});
