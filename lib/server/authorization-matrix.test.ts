import { afterAll, assert, beforeAll, describe, expect, it, vi } from "vitest";
import { and, count, eq, isNull } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import {
  auditEvents,
  cases,
  determinations,
  apiKeys,
  notifications,
  outbox,
  publishedMetrics,
  qaReviews,
  reviewDrafts,
  webhookEndpoints,
} from "@/db/schema";
import type { Role } from "@/db/schema";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { createTestDatabase } from "@/test/db";
import {
  ctxFor,
  givenProviderOrg,
  givenUser,
  cnmpTrialRequest,
  givenSubmittedCase,
  givenPlanOrg,
  caseRow,
  givenPendedCase,
  givenDeniedCase,
  givenClaimedCase,
  givenAppealedCase,
  findingsFor,
  givenAutomatedApproval,
} from "@/test/given";
import { createApiKey } from "@/lib/server/api-keys/create-api-key";
import { createWebhookEndpoint } from "@/lib/server/webhooks/endpoints";
import { setAutomationSettings } from "@/lib/server/automation/settings";
import { WITHDRAW_REASONS } from "@/lib/domain";
import { saveDraft } from "./cases/save-draft";
import { claimCase } from "./review/claim-case";
import type { ServiceContext } from "./context";
import { UnauthenticatedError, type ActionResult } from "./errors";

/**
 * Every server action, called directly (as a forged POST would) by every principal on a case (or
 * key, endpoint, notification) of organization A, brought to the state where the action applies:
 * anonymous, each role, and a provider of organization B. The expected outcome of every cell is
 * written out below (PRODUCT.md "Roles and what each may do"), not derived from the code under
 * test. A refused call is 401/403/404, audited, and changes nothing; an allowed one does its work.
 */
let current: ServiceContext | null = null;
vi.mock("@/lib/server/viewer", () => ({
  serviceContext: async () => {
    if (!current) throw new UnauthenticatedError("Your session has ended. Sign in again.");
    return current;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const caseActions = await import("@/app/(app)/cases/actions");
const reviewActions = await import("@/app/(app)/review/[caseId]/actions");
const keyActions = await import("@/app/(app)/settings/api-keys/actions");
const webhookActions = await import("@/app/(app)/settings/webhooks/actions");
const notificationActions = await import("@/app/actions/notifications");
const qualityActions = await import("@/app/(app)/review/quality/actions");
const publicMetricsActions = await import("@/app/(app)/reports/publish/actions");

const ROLES = [
  "provider",
  "nurse_reviewer",
  "physician_reviewer",
  "auditor",
  "admin",
] as const satisfies readonly Role[];
type Principal = "anonymous" | Role | "provider of another organization";
const PRINCIPALS: Principal[] = ["anonymous", ...ROLES, "provider of another organization"];
const REFUSED = ["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"];
const B = "provider of another organization";
const EVERY_USER: Principal[] = ["provider", "nurse_reviewer", "physician_reviewer", "auditor", "admin", B];
const REVIEWERS: Principal[] = ["nurse_reviewer", "physician_reviewer"];
const PHYSICIAN: Principal[] = ["physician_reviewer"];
const NURSE: Principal[] = ["nurse_reviewer"];

let handle: DatabaseHandle;
let contexts: Record<Principal, ServiceContext | null>;
let ownerCtx: ServiceContext;
let denier: ServiceContext;
let keyOfA: string;
let apiKeyOfB: string;

/** One cell, arranged: the forged call, and the check that an allowed call did its work. */
interface Cell {
  call: () => Promise<ActionResult<unknown>>;
  happened: () => Promise<void>;
}
/** An action, the permission its service checks (lib/auth/permissions.ts), who may call it on A's object, and each cell's setup. */
interface Row {
  permission: Permission;
  allowed: Principal[];
  arrange: (principal: Principal) => Promise<Cell>;
}

/** A row whose check sees the action's own result type. */
function rule<T>(spec: {
  action: (input: unknown) => Promise<ActionResult<T>>;
  permission: Permission;
  allowed: Principal[];
  arrange: (principal: Principal) => Promise<{ input: Record<string, unknown>; happened: (data: T) => Promise<void> }>;
}): Row {
  return {
    permission: spec.permission,
    allowed: spec.allowed,
    arrange: async (principal) => {
      const cell = await spec.arrange(principal);
      let answer: ActionResult<T> | null = null;
      return {
        call: async () => (answer = await spec.action(cell.input)),
        happened: async () => {
          assert(answer?.ok, JSON.stringify(answer));
          await cell.happened(answer.data);
        },
      };
    },
  };
}

const currentCase = (caseId: string) => caseRow(handle.db, caseId);
const ctx = (principal: Principal) => contexts[principal]!;
/** The reviewer who holds the case: the caller when it is a reviewer allowed the action, otherwise one who is. */
const holder = (principal: Principal, allowed: Principal[], fallback: "nurse_reviewer" | "physician_reviewer") =>
  allowed.includes(principal) && principal.endsWith("_reviewer") ? ctx(principal) : ctx(fallback);
const submitted = async () => (await givenSubmittedCase(handle.db, { provider: ownerCtx })).case;
const draft = async () => saveDraft(ownerCtx, { request: {}, memberName: "Draft Member" });
const unreadOf = async (userId: string) =>
  (
    await handle.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
  )[0]!.n;
/** A new endpoint of A's; the earlier ones are disabled so the cells stay under the limit of ten active endpoints. */
const freshEndpointOfA = async () => {
  await handle.db
    .update(webhookEndpoints)
    .set({ status: "disabled" })
    .where(eq(webhookEndpoints.organizationId, ownerCtx.viewer.organizationId));
  return createWebhookEndpoint(ownerCtx, { url: "http://127.0.0.1:9/hooks", events: ["case.received"] });
};
const reason = "Forged request for the authorization matrix.";
/** A form post's fields (actions that take FormData). */
const formData = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
};

const ACTIONS: Record<string, Row> = {
  searchCasesAction: rule({
    action: caseActions.searchCasesAction,
    permission: "case.list_own",
    allowed: ["provider", B],
    arrange: async (principal) => {
      const c = await submitted();
      return {
        input: { q: c.reference },
        happened: async (data) => expect(data.rows.map((r) => r.id)).toEqual(principal === "provider" ? [c.id] : []),
      };
    },
  }),
  saveDraftAction: rule({
    action: caseActions.saveDraftAction,
    permission: "case.create",
    allowed: ["provider"],
    arrange: async () => {
      const d = await draft();
      return {
        input: {
          caseId: d.id,
          version: d.version,
          memberId: "FORGED-1",
          memberName: "Forged Member",
          request: cnmpTrialRequest(),
        },
        happened: async () =>
          expect(await currentCase(d.id)).toMatchObject({
            status: "draft",
            version: d.version + 1,
            memberName: "Forged Member",
          }),
      };
    },
  }),
  submitCaseAction: rule({
    action: caseActions.submitCaseAction,
    permission: "case.create",
    allowed: ["provider"],
    arrange: async () => {
      const d = await draft();
      return {
        input: {
          caseId: d.id,
          version: d.version,
          memberId: "FORGED-1",
          memberName: "Forged Member",
          request: cnmpTrialRequest(),
        },
        happened: async () =>
          expect(await currentCase(d.id)).toMatchObject({ status: "submitted", memberId: "FORGED-1" }),
      };
    },
  }),
  withdrawCaseAction: rule({
    action: caseActions.withdrawCaseAction,
    permission: "case.withdraw",
    allowed: ["provider"],
    arrange: async () => {
      const c = await submitted();
      return {
        input: { caseId: c.id, version: c.version, reason: WITHDRAW_REASONS[0] },
        happened: async () => expect(await currentCase(c.id)).toMatchObject({ status: "withdrawn" }),
      };
    },
  }),
  respondAction: rule({
    action: caseActions.respondAction,
    permission: "case.respond",
    allowed: ["provider"],
    arrange: async () => {
      const c = (await givenPendedCase(ctx("nurse_reviewer"), { provider: ownerCtx })).case;
      return {
        input: { caseId: c.id, version: c.version, note: "Records attached for the matrix." },
        happened: async () =>
          expect(await currentCase(c.id)).toMatchObject({ status: "in_review", version: c.version + 1 }),
      };
    },
  }),
  fileAppealAction: rule({
    action: caseActions.fileAppealAction,
    permission: "case.appeal",
    allowed: ["provider"],
    arrange: async () => {
      const c = (await givenDeniedCase(denier, { provider: ownerCtx })).case;
      return {
        input: { caseId: c.id, version: c.version, reason },
        happened: async () => expect(await currentCase(c.id)).toMatchObject({ status: "appeal_submitted" }),
      };
    },
  }),
  claimCaseAction: rule({
    action: reviewActions.claimCaseAction,
    permission: "case.claim",
    allowed: REVIEWERS,
    arrange: async (principal) => {
      const c = await submitted();
      return {
        input: { caseId: c.id, version: c.version },
        happened: async () =>
          expect(await currentCase(c.id)).toMatchObject({
            status: "in_review",
            assigneeId: ctx(principal).viewer.userId,
          }),
      };
    },
  }),
  releaseCaseAction: rule({
    action: reviewActions.releaseCaseAction,
    permission: "case.claim",
    allowed: REVIEWERS,
    arrange: async (principal) => {
      const c = (await givenClaimedCase(holder(principal, REVIEWERS, "nurse_reviewer"), { provider: ownerCtx })).case;
      return {
        input: { caseId: c.id, version: c.version },
        happened: async () => expect(await currentCase(c.id)).toMatchObject({ status: "submitted", assigneeId: null }),
      };
    },
  }),
  saveReviewDraftAction: rule({
    action: reviewActions.saveReviewDraftAction,
    permission: "case.claim",
    allowed: REVIEWERS,
    arrange: async (principal) => {
      const c = (await givenClaimedCase(holder(principal, REVIEWERS, "nurse_reviewer"), { provider: ownerCtx })).case;
      const content = { rationale: "Notes kept by the matrix." };
      return {
        input: { caseId: c.id, content },
        happened: async () =>
          expect(
            (
              await handle.db
                .select()
                .from(reviewDrafts)
                .where(and(eq(reviewDrafts.caseId, c.id), eq(reviewDrafts.reviewerId, ctx(principal).viewer.userId)))
            ).map((d) => d.content),
          ).toEqual([content]),
      };
    },
  }),
  pendCaseAction: rule({
    action: reviewActions.pendCaseAction,
    permission: "case.pend",
    allowed: REVIEWERS,
    arrange: async (principal) => {
      const c = (await givenClaimedCase(holder(principal, REVIEWERS, "nurse_reviewer"), { provider: ownerCtx })).case;
      return {
        input: {
          caseId: c.id,
          version: c.version,
          message: "Please send the psychological evaluation.",
          items: ["psychological evaluation"],
        },
        happened: async () => expect(await currentCase(c.id)).toMatchObject({ status: "pending_information" }),
      };
    },
  }),
  approveCaseAction: rule({
    action: reviewActions.approveCaseAction,
    permission: "case.approve",
    allowed: REVIEWERS,
    arrange: async (principal) => {
      const made = await givenClaimedCase(holder(principal, REVIEWERS, "nurse_reviewer"), { provider: ownerCtx });
      return {
        input: {
          caseId: made.case.id,
          version: made.case.version,
          findings: findingsFor(made.result),
          rationale: reason,
        },
        happened: async () => expect(await currentCase(made.case.id)).toMatchObject({ status: "approved" }),
      };
    },
  }),
  denyCaseAction: rule({
    action: reviewActions.denyCaseAction,
    permission: "case.deny",
    allowed: PHYSICIAN,
    arrange: async (principal) => {
      const made = await givenClaimedCase(holder(principal, PHYSICIAN, "physician_reviewer"), { provider: ownerCtx });
      const findings = findingsFor(made.result, { [made.result.criteria[0]!.id]: { status: "not_documented" } });
      return {
        input: { caseId: made.case.id, version: made.case.version, findings, rationale: reason },
        happened: async () => expect(await currentCase(made.case.id)).toMatchObject({ status: "denied" }),
      };
    },
  }),
  escalateCaseAction: rule({
    action: reviewActions.escalateCaseAction,
    permission: "case.escalate",
    allowed: NURSE,
    arrange: async (principal) => {
      const c = (await givenClaimedCase(holder(principal, NURSE, "nurse_reviewer"), { provider: ownerCtx })).case;
      return {
        input: { caseId: c.id, version: c.version, reason },
        happened: async () =>
          expect(await currentCase(c.id)).toMatchObject({ status: "submitted", physicianOnly: true, assigneeId: null }),
      };
    },
  }),
  decideUnaddressedCaseAction: rule({
    action: reviewActions.decideUnaddressedCaseAction,
    permission: "case.decide_unaddressed",
    allowed: PHYSICIAN,
    arrange: async (principal) => {
      // Medicare Advantage is outside the policy: only a physician decides it, on the merits.
      const request = cnmpTrialRequest();
      request.member.lineOfBusiness = "medicare_advantage";
      const c = (
        await givenClaimedCase(holder(principal, PHYSICIAN, "physician_reviewer"), { provider: ownerCtx, request })
      ).case;
      return {
        input: { caseId: c.id, version: c.version, decision: "approved", rationale: reason },
        happened: async () => expect(await currentCase(c.id)).toMatchObject({ status: "approved" }),
      };
    },
  }),
  decideAppealAction: rule({
    action: reviewActions.decideAppealAction,
    permission: "appeal.decide",
    allowed: PHYSICIAN,
    arrange: async (principal) => {
      const appealed = await givenAppealedCase(denier, { provider: ownerCtx });
      const claim = await claimCase(holder(principal, PHYSICIAN, "physician_reviewer"), {
        caseId: appealed.case.id,
        version: appealed.case.version,
      });
      return {
        input: {
          caseId: appealed.case.id,
          version: claim.version,
          decision: "appeal_overturned",
          findings: findingsFor(appealed.result),
          rationale: reason,
        },
        happened: async () =>
          expect(await currentCase(appealed.case.id)).toMatchObject({ status: "appeal_overturned" }),
      };
    },
  }),
  previewDenialLetterAction: rule({
    action: reviewActions.previewDenialLetterAction,
    permission: "case.deny",
    allowed: PHYSICIAN,
    arrange: async () => {
      const made = await givenSubmittedCase(handle.db, { provider: ownerCtx });
      const findings = findingsFor(made.result, { [made.result.criteria[0]!.id]: { status: "not_documented" } });
      return {
        input: {
          caseId: made.case.id,
          decision: "denied",
          findings,
          rationale: "The etiology of the pain is not documented.",
        },
        happened: async (data) => {
          expect(data.paragraphs.map((p) => p.text).join("\n")).toContain(
            "The etiology of the pain is not documented.",
          );
          expect(await currentCase(made.case.id)).toEqual(made.case);
        },
      };
    },
  }),
  createApiKeyAction: rule({
    action: keyActions.createApiKeyAction,
    permission: "apikey.manage",
    allowed: ["provider", B],
    arrange: async (principal) => ({
      input: { name: "Forged key" },
      happened: async (data) => {
        const [made] = await handle.db
          .select()
          .from(apiKeys)
          .where(eq(apiKeys.prefix, data.key.slice(0, 12)));
        expect(made).toMatchObject({
          name: "Forged key",
          organizationId: ctx(principal).viewer.organizationId,
          revokedAt: null,
        });
      },
    }),
  }),
  revokeApiKeyAction: rule({
    action: keyActions.revokeApiKeyAction,
    permission: "apikey.manage",
    allowed: ["provider"],
    arrange: async () => {
      const key = await createApiKey(ownerCtx, { name: "EHR to revoke" });
      const [made] = await handle.db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.prefix, key.key.slice(0, 12)));
      return {
        input: { keyId: made!.id },
        happened: async () =>
          expect((await handle.db.select().from(apiKeys).where(eq(apiKeys.id, made!.id)))[0]!.revokedAt).not.toBeNull(),
      };
    },
  }),
  createWebhookEndpointAction: rule({
    action: webhookActions.createWebhookEndpointAction,
    permission: "webhook.manage",
    allowed: ["provider", "admin", B],
    arrange: async (principal) => ({
      // Administrators subscribe the plan to the audit anchor only (domain.ts webhookEventsFor).
      input: {
        url: "http://127.0.0.1:9/forged",
        events: principal === "admin" ? ["audit.checkpoint"] : ["case.received"],
      },
      happened: async (data) =>
        expect(
          (await handle.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, data.id)))[0],
        ).toMatchObject({ organizationId: ctx(principal).viewer.organizationId, status: "active" }),
    }),
  }),
  sendWebhookTestEventAction: rule({
    action: webhookActions.sendWebhookTestEventAction,
    permission: "webhook.manage",
    allowed: ["provider"],
    arrange: async () => {
      const endpoint = await freshEndpointOfA();
      return {
        input: { endpointId: endpoint.id },
        happened: async () =>
          expect(
            (await handle.db.select().from(outbox).where(eq(outbox.recipient, endpoint.id))).map((m) => m.kind),
          ).toEqual(["webhook.test"]),
      };
    },
  }),
  disableWebhookEndpointAction: rule({
    action: webhookActions.disableWebhookEndpointAction,
    permission: "webhook.manage",
    allowed: ["provider"],
    arrange: async () => {
      const endpoint = await freshEndpointOfA();
      return {
        input: { endpointId: endpoint.id },
        happened: async () =>
          expect(
            (await handle.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)))[0]!.status,
          ).toBe("disabled"),
      };
    },
  }),
  recordQualityReviewAction: rule({
    action: (input) => qualityActions.recordQualityReviewAction(formData(input as Record<string, string>)),
    permission: "qa.review",
    allowed: REVIEWERS,
    arrange: async () => {
      // An automated approval of A's, drawn for quality review (automation on only while it is made).
      await setAutomationSettings(ctx("admin"), {
        enabled: ["trial:chronic_nonmalignant_pain"],
        qaSamplePercent: "100",
      });
      const made = await givenAutomatedApproval(ownerCtx);
      await setAutomationSettings(ctx("admin"), { enabled: [], qaSamplePercent: "10" });
      const determinationId = made.determinationId!;
      return {
        input: { determinationId, agrees: "yes" },
        happened: async () =>
          expect(
            await handle.db.select().from(qaReviews).where(eq(qaReviews.determinationId, determinationId)),
          ).toHaveLength(1),
      };
    },
  }),
  markNotificationReadAction: rule({
    action: notificationActions.markNotificationReadAction,
    permission: "notifications.read",
    allowed: EVERY_USER,
    arrange: async (principal) => {
      const userId = (contexts[principal] ?? ownerCtx).viewer.userId;
      const [notice] = await handle.db
        .insert(notifications)
        .values({ userId, kind: "case.received", title: "Matrix notice", link: "/cases" })
        .returning();
      return {
        input: { id: notice!.id },
        happened: async () =>
          expect(
            (await handle.db.select().from(notifications).where(eq(notifications.id, notice!.id)))[0]!.readAt,
          ).not.toBeNull(),
      };
    },
  }),
  markAllNotificationsReadAction: rule({
    action: notificationActions.markAllNotificationsReadAction,
    permission: "notifications.read",
    allowed: EVERY_USER,
    arrange: async (principal) => {
      const userId = (contexts[principal] ?? ownerCtx).viewer.userId;
      await handle.db
        .insert(notifications)
        .values({ userId, kind: "case.received", title: "Matrix notice", link: "/cases" });
      const unread = await unreadOf(userId);
      return {
        input: {},
        happened: async (data) => {
          expect(data.count).toBe(unread);
          expect(await unreadOf(userId)).toBe(0);
        },
      };
    },
  }),
  publishMetricsAction: rule({
    action: (input) => publicMetricsActions.publishMetricsAction(formData(input as Record<string, string>)),
    permission: "metrics.publish",
    allowed: ["auditor", "admin"],
    arrange: async (principal) => {
      // A completed year of its own per principal, never published: version 1 when allowed.
      const year = 2010 + PRINCIPALS.indexOf(principal);
      return {
        input: { year: String(year), expectedVersion: "0" },
        happened: async () =>
          expect(await handle.db.select().from(publishedMetrics).where(eq(publishedMetrics.year, year))).toHaveLength(
            1,
          ),
      };
    },
  }),
  setMetricsSettingsAction: rule({
    action: (input) => publicMetricsActions.setMetricsSettingsAction(formData(input as Record<string, string>)),
    permission: "metrics.settings",
    allowed: ["admin"],
    arrange: async () => ({
      input: { minimumGroupSize: "11" },
      happened: async () =>
        expect(
          await handle.db
            .select()
            .from(auditEvents)
            .where(
              and(
                eq(auditEvents.action, "admin.settings.update"),
                eq(auditEvents.targetId, "metrics_minimum_group_size"),
              ),
            ),
        ).not.toHaveLength(0),
    }),
  }),
};

beforeAll(async () => {
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
  const orgA = await givenProviderOrg(handle.db);
  const plan = await givenPlanOrg(handle.db);
  ownerCtx = ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: orgA.id }));
  denier = ctxFor(handle.db, await givenUser(handle.db, "physician_reviewer", { organizationId: plan.id }));
  const otherProvider = ctxFor(handle.db, await givenUser(handle.db, "provider"));
  contexts = { anonymous: null, [B]: otherProvider } as Record<Principal, ServiceContext | null>;
  for (const role of ROLES)
    contexts[role] =
      role === "provider"
        ? ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: orgA.id }))
        : ctxFor(handle.db, await givenUser(handle.db, role, { organizationId: plan.id }));
  await createApiKey(ownerCtx, { name: "EHR" });
  apiKeyOfB = (await createApiKey(otherProvider, { name: "EHR" })).key;
  keyOfA = (await handle.db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.organizationId, orgA.id)))[0]!.id;
});
afterAll(() => handle?.close());

const tally = async () => {
  const [c] = await handle.db.select({ n: count() }).from(cases);
  const [d] = await handle.db.select({ n: count() }).from(determinations);
  const [k] = await handle.db.select({ n: count() }).from(apiKeys).where(eq(apiKeys.id, keyOfA));
  const [r] = await handle.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.outcome, "refused"));
  const [q] = await handle.db.select({ n: count() }).from(qaReviews);
  return { cases: c!.n, determinations: d!.n, key: k!.n, refused: r!.n, qaReviews: q!.n };
};

describe(`authorization matrix: ${PRINCIPALS.length} principals × ${Object.keys(ACTIONS).length} server actions`, () => {
  const cells = Object.entries(ACTIONS).flatMap(([name, spec]) =>
    PRINCIPALS.map((principal) => [name, principal, spec] as const),
  );
  it.each(cells)("%s by %s", async (_name, principal, { allowed, arrange }) => {
    const cell = await arrange(principal);
    current = contexts[principal];
    const before = await tally();
    const result = await cell.call();
    const after = await tally();
    if (allowed.includes(principal)) await cell.happened();
    else {
      expect(result.ok, JSON.stringify(result)).toBe(false);
      expect(REFUSED).toContain(result.ok ? "OK" : result.code);
      expect({ ...after, refused: before.refused }).toEqual(before);
      if (principal !== "anonymous") expect(after.refused).toBeGreaterThan(before.refused);
    }
  });

  it("covers every permission an action checks", () => {
    for (const { permission } of Object.values(ACTIONS)) expect(Object.keys(PERMISSIONS)).toContain(permission);
  });
});

describe("authorization matrix: 4 API callers × 5 API endpoints", () => {
  const evaluateRoute = () => import("@/app/api/v1/evaluate/route");
  const casesRoute = () => import("@/app/api/v1/cases/route");
  const caseRoute = () => import("@/app/api/v1/cases/[id]/route");
  const attachmentsRoute = () => import("@/app/api/v1/cases/[id]/attachments/route");
  const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  type Call = (key: string | null, caseId: string) => Promise<Response>;
  const auth = (key: string | null): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});
  const ENDPOINTS: [string, Call, "any" | "owner"][] = [
    [
      "POST /api/v1/evaluate",
      async (key) =>
        (await evaluateRoute()).POST(
          new Request("http://localhost/api/v1/evaluate", {
            method: "POST",
            headers: { ...auth(key), "content-type": "application/json" },
            body: JSON.stringify(cnmpTrialRequest()),
          }),
          { params: Promise.resolve({}) },
        ),
      "any",
    ],
    [
      "POST /api/v1/cases",
      async (key) =>
        (await casesRoute()).POST(
          new Request("http://localhost/api/v1/cases", {
            method: "POST",
            headers: { ...auth(key), "content-type": "application/json" },
            body: JSON.stringify({ memberId: "M-1", memberName: "Matrix Member", request: cnmpTrialRequest() }),
          }),
          { params: Promise.resolve({}) },
        ),
      "any",
    ],
    [
      "GET /api/v1/cases",
      async (key) =>
        (await casesRoute()).GET(new Request("http://localhost/api/v1/cases", { headers: auth(key) }), {
          params: Promise.resolve({}),
        }),
      "any",
    ],
    [
      "GET /api/v1/cases/{id}",
      async (key, id) =>
        (await caseRoute()).GET(new Request(`http://localhost/api/v1/cases/${id}`, { headers: auth(key) }), {
          params: Promise.resolve({ id }),
        }),
      "owner",
    ],
    [
      "POST /api/v1/cases/{id}/attachments",
      async (key, id) => {
        const form = new FormData();
        form.set("file", new Blob([PDF], { type: "application/pdf" }), "r.pdf");
        const body = new Response(form);
        const bytes = new Uint8Array(await body.arrayBuffer());
        return (await attachmentsRoute()).POST(
          new Request(`http://localhost/api/v1/cases/${id}/attachments`, {
            method: "POST",
            headers: {
              ...auth(key),
              "content-type": body.headers.get("content-type")!,
              "content-length": String(bytes.length),
            },
            body: bytes,
          }),
          { params: Promise.resolve({ id }) },
        );
      },
      "owner",
    ],
  ];
  const CALLERS = ["no key", "a made-up key", "another organization's key", "the organization's key"] as const;
  const cells = ENDPOINTS.flatMap(([name, call, scope]) =>
    CALLERS.map((caller) => [name, caller, call, scope] as const),
  );
  it.each(cells)("%s with %s", async (_name, caller, call, scope) => {
    const target = (await givenSubmittedCase(ownerCtx.db, { provider: ownerCtx })).case;
    const key =
      caller === "no key"
        ? null
        : caller === "a made-up key"
          ? "pa_made_up_0000000000"
          : caller === "another organization's key"
            ? apiKeyOfB
            : (await createApiKey(ownerCtx, { name: "EHR matrix" })).key; // fresh: the action matrix revokes A's first key
    const before = await tally();
    const res = await call(key, target.id);
    if (caller === "no key" || caller === "a made-up key") expect(res.status).toBe(401);
    else if (caller === "another organization's key" && scope === "owner") {
      expect(res.status).toBe(404);
      expect((await tally()).refused).toBeGreaterThan(before.refused);
    } else expect(res.status).toBeLessThan(300);
    if (res.status >= 400) expect({ ...(await tally()), refused: 0 }).toEqual({ ...before, refused: 0 });
  });
});
