import { describe, expect, it } from "vitest";
import {
  questionnaireResponseToRequest,
  requestToQuestionnaireResponse,
  type MappingIssue,
} from "./questionnaire-response";
import { QUESTIONNAIRE_URL, valueSetSystem } from "./constants";

// The structural rules of the QuestionnaireResponse <-> interchange request mapping, one by one:
// which answer type each kind of fact takes, what is left out, and the exact words and FHIRPath
// of every problem a DTR client is told about (the round trip over the conformance cases is in
// questionnaire.test.ts).

const at = (linkId: string) => `QuestionnaireResponse.item.where(linkId='${linkId}')`;
const qr = (item: unknown, more: Record<string, unknown> = {}) => ({
  resourceType: "QuestionnaireResponse",
  questionnaire: `${QUESTIONNAIRE_URL}|339.7`,
  status: "completed",
  item,
  ...more,
});
const read = (item: unknown, more?: Record<string, unknown>) => questionnaireResponseToRequest(qr(item, more));
const issuesOf = (item: unknown, more?: Record<string, unknown>): MappingIssue[] => {
  const r = read(item, more);
  if (r.ok) throw new Error(`expected issues, got the request ${JSON.stringify(r.request)}`);
  return r.issues;
};
const requestOf = (item: unknown, more?: Record<string, unknown>) => {
  const r = read(item, more);
  if (!r.ok) throw new Error(`expected a request, got ${JSON.stringify(r.issues)}`);
  return r.request;
};

describe("requestToQuestionnaireResponse", () => {
  it("is a completed response to the versioned questionnaire, about the subject when one is named", () => {
    const withSubject = requestToQuestionnaireResponse({}, "339.7", "Patient/p1");
    expect(withSubject).toEqual({
      resourceType: "QuestionnaireResponse",
      questionnaire: `${QUESTIONNAIRE_URL}|339.7`,
      status: "completed",
      subject: { reference: "Patient/p1" },
      item: [],
    });
    expect(requestToQuestionnaireResponse({}, "339.7")).not.toHaveProperty("subject");
    expect(requestToQuestionnaireResponse({}, "339.7", "")).not.toHaveProperty("subject");
  });

  it("answers each fact with its FHIR type: valueDate, valueBoolean, valueDecimal, valueString, valueCoding", () => {
    const r = requestToQuestionnaireResponse(
      {
        member: { dateOfBirth: "1968-04-12", lineOfBusiness: "commercial" },
        request: { cptCodes: ["62324", "62325"] },
        clinical: { painEtiology: { known: true, description: "Failed back surgery" }, lifeExpectancyMonths: 7.5 },
      },
      "339.7",
    );
    expect(r.item).toEqual([
      {
        linkId: "member",
        item: [
          { linkId: "member.dateOfBirth", answer: [{ valueDate: "1968-04-12" }] },
          {
            linkId: "member.lineOfBusiness",
            answer: [{ valueCoding: { system: valueSetSystem("line-of-business"), code: "commercial" } }],
          },
        ],
      },
      {
        linkId: "request",
        item: [{ linkId: "request.cptCodes", answer: [{ valueString: "62324" }, { valueString: "62325" }] }],
      },
      {
        linkId: "clinical",
        item: [
          {
            linkId: "clinical.painEtiology",
            item: [
              { linkId: "clinical.painEtiology.known", answer: [{ valueBoolean: true }] },
              { linkId: "clinical.painEtiology.description", answer: [{ valueString: "Failed back surgery" }] },
            ],
          },
          { linkId: "clinical.lifeExpectancyMonths", answer: [{ valueDecimal: 7.5 }] },
        ],
      },
    ]);
  });

  it("gives a repeating group one item per list entry", () => {
    const r = requestToQuestionnaireResponse(
      {
        clinical: {
          conservativeTherapies: [{ startDate: "2025-01-01" }, { startDate: "2025-02-01", reason: "nausea" }],
        },
      },
      "339.7",
    );
    expect(r.item).toEqual([
      {
        linkId: "clinical",
        item: [
          {
            linkId: "clinical.conservativeTherapies",
            item: [{ linkId: "clinical.conservativeTherapies.startDate", answer: [{ valueDate: "2025-01-01" }] }],
          },
          {
            linkId: "clinical.conservativeTherapies",
            item: [
              { linkId: "clinical.conservativeTherapies.startDate", answer: [{ valueDate: "2025-02-01" }] },
              { linkId: "clinical.conservativeTherapies.reason", answer: [{ valueString: "nausea" }] },
            ],
          },
        ],
      },
    ]);
  });

  it("leaves out what it cannot answer: absent facts, values of the wrong type, lists that are not lists, empty groups", () => {
    const r = requestToQuestionnaireResponse(
      {
        member: { dateOfBirth: 19680412, lineOfBusiness: 3 },
        request: { cptCodes: "62324", serviceDate: undefined, urgency: true },
        clinical: {
          painEtiology: { known: "yes", description: 4 },
          lifeExpectancyMonths: "7",
          increasedIntracranialPressure: "no",
          conservativeTherapies: { startDate: "2025-01-01" },
          metastaticLesions: { locations: [1, "T12"] },
          trial: "done",
        },
      },
      "339.7",
    );
    expect(r.item).toEqual([
      {
        linkId: "clinical",
        item: [
          {
            linkId: "clinical.metastaticLesions",
            item: [{ linkId: "clinical.metastaticLesions.locations", answer: [{ valueString: "T12" }] }],
          },
        ],
      },
    ]);
    expect(requestToQuestionnaireResponse("not a request", "339.7").item).toEqual([]);
    expect(requestToQuestionnaireResponse(null, "339.7").item).toEqual([]);
    expect(requestToQuestionnaireResponse([{ member: {} }], "339.7").item).toEqual([]);
  });
});

describe("questionnaireResponseToRequest: the request it reads", () => {
  it("reads every answer type back, a decimal also from valueInteger, a coding with or without its system", () => {
    expect(
      requestOf([
        {
          linkId: "member",
          item: [
            { linkId: "member.dateOfBirth", answer: [{ valueDate: "1968-04-12" }] },
            { linkId: "member.lineOfBusiness", answer: [{ valueCoding: { code: "medicaid" } }] },
          ],
        },
        {
          linkId: "request",
          item: [{ linkId: "request.cptCodes", answer: [{ valueString: "62324" }, { valueString: "62350" }] }],
        },
        {
          linkId: "clinical",
          item: [
            { linkId: "clinical.lifeExpectancyMonths", answer: [{ valueInteger: 6 }] },
            { linkId: "clinical.increasedIntracranialPressure", answer: [{ valueBoolean: false }] },
            {
              linkId: "clinical.trial",
              item: [
                {
                  linkId: "clinical.trial.route",
                  answer: [{ valueCoding: { system: valueSetSystem("trial-route"), code: "intrathecal" } }],
                },
                { linkId: "clinical.trial.baselinePainScore", answer: [{ valueDecimal: 0.5 }] },
              ],
            },
            {
              linkId: "clinical.painEtiology",
              item: [{ linkId: "clinical.painEtiology.description", answer: [{ valueString: "" }] }],
            },
          ],
        },
      ]),
    ).toEqual({
      member: { dateOfBirth: "1968-04-12", lineOfBusiness: "medicaid" },
      request: { cptCodes: ["62324", "62350"] },
      clinical: {
        lifeExpectancyMonths: 6,
        increasedIntracranialPressure: false,
        trial: { route: "intrathecal", baselinePainScore: 0.5 },
        painEtiology: { description: "" },
      },
    });
  });

  it("prefers valueDecimal over valueInteger", () => {
    expect(
      requestOf([
        {
          linkId: "clinical",
          item: [{ linkId: "clinical.lifeExpectancyMonths", answer: [{ valueDecimal: 2.5, valueInteger: 3 }] }],
        },
      ]),
    ).toEqual({ clinical: { lifeExpectancyMonths: 2.5 } });
  });

  it("reads each entry of a repeating group into a list, in order; a group without items is an empty object", () => {
    expect(
      requestOf([
        {
          linkId: "clinical",
          item: [
            {
              linkId: "clinical.conservativeTherapies",
              item: [{ linkId: "clinical.conservativeTherapies.startDate", answer: [{ valueDate: "2025-01-01" }] }],
            },
            { linkId: "clinical.conservativeTherapies" },
            {
              linkId: "clinical.conservativeTherapies",
              item: [
                { linkId: "clinical.conservativeTherapies.outcome", answer: [{ valueCoding: { code: "refused" } }] },
              ],
            },
            { linkId: "clinical.psychiatricHistory" },
          ],
        },
      ]),
    ).toEqual({
      clinical: {
        conservativeTherapies: [{ startDate: "2025-01-01" }, {}, { outcome: "refused" }],
        psychiatricHistory: {},
      },
    });
  });

  it("skips an item without answers (an unanswered question), and a response without items is an empty request", () => {
    expect(
      requestOf([
        { linkId: "member", item: [{ linkId: "member.dateOfBirth" }, { linkId: "member.lineOfBusiness", answer: [] }] },
      ]),
    ).toStrictEqual({ member: {} });
    expect(requestOf([{ linkId: "request", item: [{ linkId: "request.cptCodes", answer: [] }] }])).toStrictEqual({
      request: {},
    });
    // An unanswered question followed by its answer is one answer, not two.
    expect(
      requestOf([
        {
          linkId: "request",
          item: [{ linkId: "request.cptCodes" }, { linkId: "request.cptCodes", answer: [{ valueString: "62324" }] }],
        },
      ]),
    ).toStrictEqual({ request: { cptCodes: ["62324"] } });
    expect(requestOf(undefined)).toEqual({});
    expect(requestOf([])).toEqual({});
  });

  it("accepts an amended response, and a questionnaire named with or without its version", () => {
    expect(read([], { status: "amended" })).toEqual({ ok: true, request: {}, attested: false });
    expect(read([], { questionnaire: QUESTIONNAIRE_URL })).toEqual({ ok: true, request: {}, attested: false });
  });
});

describe("questionnaireResponseToRequest: the provider's attestation item", () => {
  const attestation = (answer: unknown) => ({ linkId: "attestation", answer });
  const urgency = {
    linkId: "request",
    item: [{ linkId: "request.urgency", answer: [{ valueCoding: { code: "standard" } }] }],
  };
  const attestedOf = (item: unknown) => {
    const r = read(item);
    if (!r.ok) throw new Error(`expected a request, got ${JSON.stringify(r.issues)}`);
    return r.attested;
  };

  it("is read apart from the facts: true only for one valueBoolean true", () => {
    expect(read([urgency, attestation([{ valueBoolean: true }])])).toEqual({
      ok: true,
      request: { request: { urgency: "standard" } },
      attested: true,
    });
    expect(attestedOf([attestation([{ valueBoolean: false }]), urgency])).toBe(false);
    expect(attestedOf([urgency])).toBe(false);
    expect(attestedOf([attestation([])])).toBe(false);
    expect(attestedOf([{ linkId: "attestation" }])).toBe(false);
    expect(attestedOf(undefined)).toBe(false);
  });

  it("names a wrong, repeated or doubled answer", () => {
    const wrong = [{ expression: `${at("attestation")}.answer`, message: "must be one valueBoolean" }];
    expect(issuesOf([attestation([{ valueString: "yes" }])])).toEqual(wrong);
    expect(issuesOf([attestation([{ valueBoolean: "true" }])])).toEqual(wrong);
    expect(issuesOf([attestation(["true"])])).toEqual(wrong);
    expect(issuesOf([attestation({ valueBoolean: true })])).toEqual(wrong);
    expect(issuesOf([attestation([{ valueBoolean: true }, { valueBoolean: true }])])).toEqual(wrong);
    expect(issuesOf([attestation([{ valueBoolean: true }]), attestation([{ valueBoolean: true }])])).toEqual([
      { expression: at("attestation"), message: "appears twice" },
    ]);
  });

  it("is written by requestToQuestionnaireResponse when told, and read back", () => {
    const written = requestToQuestionnaireResponse({ request: { urgency: "standard" } }, "339.7", undefined, true);
    expect(written.item?.at(-1)).toEqual({ linkId: "attestation", answer: [{ valueBoolean: true }] });
    expect(questionnaireResponseToRequest(written)).toMatchObject({ ok: true, attested: true });
    const unsaid = requestToQuestionnaireResponse({ request: { urgency: "standard" } }, "339.7");
    expect(unsaid.item?.some((i) => i.linkId === "attestation")).toBe(false);
  });
});

describe("questionnaireResponseToRequest: the problems it names", () => {
  it("refuses anything that is not a QuestionnaireResponse, naming the resource", () => {
    const refusal = {
      ok: false,
      issues: [{ expression: "QuestionnaireResponse", message: "must be a QuestionnaireResponse" }],
    };
    expect(questionnaireResponseToRequest({ resourceType: "Patient" })).toEqual(refusal);
    expect(questionnaireResponseToRequest(null)).toEqual(refusal);
    expect(questionnaireResponseToRequest([qr([])])).toEqual(refusal);
    expect(questionnaireResponseToRequest("QuestionnaireResponse")).toEqual(refusal);
  });

  it("needs this portal's questionnaire and a completed (or amended) status", () => {
    const questionnaire = {
      expression: "QuestionnaireResponse.questionnaire",
      message: `must name ${QUESTIONNAIRE_URL}`,
    };
    const status = { expression: "QuestionnaireResponse.status", message: "must be completed (or amended)" };
    expect(issuesOf([], { questionnaire: "https://elsewhere.example/Questionnaire/x|339.7" })).toEqual([questionnaire]);
    expect(issuesOf([], { questionnaire: `${QUESTIONNAIRE_URL}-v2` })).toEqual([questionnaire]);
    expect(issuesOf([], { questionnaire: undefined })).toEqual([questionnaire]);
    expect(issuesOf([], { questionnaire: { reference: QUESTIONNAIRE_URL } })).toEqual([questionnaire]);
    expect(issuesOf([], { status: "in-progress" })).toEqual([status]);
    expect(issuesOf([], { status: undefined })).toEqual([status]);
    expect(issuesOf([], { status: "stopped", questionnaire: "x" })).toEqual([questionnaire, status]);
  });

  it("needs item to be a list, at the top and inside a group", () => {
    expect(issuesOf({ linkId: "member" })).toEqual([
      { expression: "QuestionnaireResponse.item", message: "must be a list of items" },
    ]);
    expect(issuesOf([{ linkId: "member", item: { linkId: "member.dateOfBirth" } }])).toEqual([
      { expression: `${at("member")}.item`, message: "must be a list of items" },
    ]);
  });

  it("needs every item to be an object with a linkId, and goes on with the next", () => {
    expect(
      issuesOf([
        "member",
        { item: [] },
        { linkId: 7 },
        { linkId: "member", item: [null, { linkId: "member.dateOfBirth", answer: [{ valueDate: "1968-04-12" }] }] },
      ]),
    ).toEqual([
      { expression: "QuestionnaireResponse.item", message: "each item needs a linkId" },
      { expression: "QuestionnaireResponse.item", message: "each item needs a linkId" },
      { expression: "QuestionnaireResponse.item", message: "each item needs a linkId" },
      { expression: `${at("member")}.item`, message: "each item needs a linkId" },
    ]);
  });

  it("names an item the questionnaire does not have, or one in the wrong group", () => {
    expect(
      issuesOf([
        { linkId: "clinical.unknownFact", answer: [{ valueBoolean: true }] },
        { linkId: "member.dateOfBirth", answer: [{ valueDate: "1968-04-12" }] },
      ]),
    ).toEqual([
      { expression: at("clinical.unknownFact"), message: "is not an item of this questionnaire" },
      { expression: at("member.dateOfBirth"), message: "is not an item of this questionnaire" },
    ]);
    expect(
      issuesOf([
        {
          linkId: "member",
          item: [
            { linkId: "request.phase", answer: [{ valueCoding: { code: "trial" } }] },
            { linkId: "dateOfBirth", answer: [{ valueDate: "1968-04-12" }] },
          ],
        },
      ]),
    ).toEqual([
      { expression: at("request.phase"), message: "is not an item of this questionnaire inside member" },
      { expression: at("dateOfBirth"), message: "is not an item of this questionnaire inside member" },
    ]);
  });

  it("names a fact or a group given twice, keeping the first", () => {
    expect(
      issuesOf([
        {
          linkId: "member",
          item: [
            { linkId: "member.dateOfBirth", answer: [{ valueDate: "1968-04-12" }] },
            { linkId: "member.dateOfBirth", answer: [{ valueDate: "1970-01-01" }] },
          ],
        },
        { linkId: "member" },
      ]),
    ).toEqual([
      { expression: at("member.dateOfBirth"), message: "appears twice" },
      { expression: at("member"), message: "appears twice" },
    ]);
    // Named even when the first answers were wrong, for a list fact as for a single one.
    expect(
      issuesOf([
        {
          linkId: "request",
          item: [
            { linkId: "request.cptCodes", answer: [{ valueInteger: 62324 }] },
            { linkId: "request.cptCodes", answer: [{ valueString: "62324" }] },
          ],
        },
        {
          linkId: "member",
          item: [
            { linkId: "member.dateOfBirth", answer: [{ valueString: "x" }] },
            { linkId: "member.dateOfBirth", answer: [{ valueDate: "1968-04-12" }] },
          ],
        },
      ]),
    ).toEqual([
      { expression: `${at("request.cptCodes")}.answer`, message: "must be a valueString" },
      { expression: at("request.cptCodes"), message: "appears twice" },
      { expression: `${at("member.dateOfBirth")}.answer`, message: "must be a valueDate (YYYY-MM-DD)" },
      { expression: at("member.dateOfBirth"), message: "appears twice" },
    ]);
  });

  it("takes one answer for a fact that does not repeat, any number for one that does", () => {
    expect(
      issuesOf([
        {
          linkId: "member",
          item: [{ linkId: "member.dateOfBirth", answer: [{ valueDate: "1968-04-12" }, { valueDate: "1970-01-01" }] }],
        },
      ]),
    ).toEqual([{ expression: `${at("member.dateOfBirth")}.answer`, message: "takes one answer" }]);
    expect(
      requestOf([{ linkId: "request", item: [{ linkId: "request.cptCodes", answer: [{ valueString: "62324" }] }] }]),
    ).toEqual({ request: { cptCodes: ["62324"] } });
  });

  it("names the answer type each fact needs", () => {
    const answered = (linkId: string, answer: unknown) => {
      const [group, ...rest] = linkId.split(".");
      const leaf = { linkId, answer: [answer] };
      return [{ linkId: group, item: rest.length === 2 ? [{ linkId: `${group}.${rest[0]}`, item: [leaf] }] : [leaf] }];
    };
    const must = (linkId: string, message: string) => [{ expression: `${at(linkId)}.answer`, message }];
    expect(issuesOf(answered("member.dateOfBirth", { valueString: "1968-04-12" }))).toEqual(
      must("member.dateOfBirth", "must be a valueDate (YYYY-MM-DD)"),
    );
    expect(issuesOf(answered("clinical.increasedIntracranialPressure", { valueString: "true" }))).toEqual(
      must("clinical.increasedIntracranialPressure", "must be a valueBoolean"),
    );
    expect(issuesOf(answered("clinical.lifeExpectancyMonths", { valueString: "6" }))).toEqual(
      must("clinical.lifeExpectancyMonths", "must be a valueDecimal"),
    );
    expect(issuesOf(answered("clinical.trial.baselinePainScore", {}))).toEqual(
      must("clinical.trial.baselinePainScore", "must be a valueDecimal"),
    );
    expect(issuesOf(answered("clinical.painEtiology.description", { valueBoolean: true }))).toEqual(
      must("clinical.painEtiology.description", "must be a valueString"),
    );
    expect(issuesOf(answered("request.cptCodes", { valueInteger: 62324 }))).toEqual(
      must("request.cptCodes", "must be a valueString"),
    );
    expect(issuesOf(answered("clinical.trial.route", "intrathecal"))).toEqual(
      must("clinical.trial.route", `must be a valueCoding from ${valueSetSystem("trial-route")}`),
    );
  });

  it("needs a choice answered with a code of its own code system and value list", () => {
    const phase = (answer: unknown) => [{ linkId: "request", item: [{ linkId: "request.phase", answer: [answer] }] }];
    const from = [
      { expression: `${at("request.phase")}.answer`, message: `must be a valueCoding from ${valueSetSystem("phase")}` },
    ];
    expect(issuesOf(phase({ valueString: "trial" }))).toEqual(from);
    expect(issuesOf(phase({ valueCoding: { system: valueSetSystem("phase") } }))).toEqual(from);
    expect(issuesOf(phase({ valueCoding: { code: 1 } }))).toEqual(from);
    expect(issuesOf(phase({ valueCoding: { system: valueSetSystem("urgency"), code: "trial" } }))).toEqual(from);
    expect(issuesOf(phase({ valueCoding: { code: "maintenance" } }))).toEqual([
      { expression: `${at("request.phase")}.answer`, message: "must be one of: trial, implant" },
    ]);
    expect(requestOf(phase({ valueCoding: { system: valueSetSystem("phase"), code: "implant" } }))).toEqual({
      request: { phase: "implant" },
    });
  });

  it("reports every problem of one pass and leaves a fact with a wrong answer out", () => {
    const r = read([
      {
        linkId: "member",
        item: [
          { linkId: "member.dateOfBirth", answer: [{ valueString: "x" }] },
          { linkId: "member.lineOfBusiness", answer: [{ valueCoding: { code: "commercial" } }] },
        ],
      },
      {
        linkId: "request",
        item: [{ linkId: "request.cptCodes", answer: [{ valueString: "62324" }, { valueBoolean: true }, "62325"] }],
      },
    ]);
    expect(r).toEqual({
      ok: false,
      issues: [
        { expression: `${at("member.dateOfBirth")}.answer`, message: "must be a valueDate (YYYY-MM-DD)" },
        { expression: `${at("request.cptCodes")}.answer`, message: "must be a valueString" },
        { expression: `${at("request.cptCodes")}.answer`, message: "must be a valueString" },
      ],
    });
  });
});
