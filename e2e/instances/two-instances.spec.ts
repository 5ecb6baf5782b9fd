import { expect, test } from "../support/test";
import postgres from "postgres";
import { ACCOUNTS, pageAs, signIn } from "../support/helpers";
import { findInQueue, submitOwnCase } from "../support/cases";
import { startInstance, type Instance } from "../support/instances";

// Two instances of the same build behind no shared memory, on one PostgreSQL database: what one
// instance decides (a throttle, a revocation, an idempotent submission) holds on the other.
// playwright.config.ts lists this project only when E2E_DATABASE_URL is set (CI's PostgreSQL run).
const PORT_A = Number(process.env.E2E_PORT ?? 3100);
const PORT_B = Number(process.env.E2E_SECOND_PORT ?? PORT_A + 1);
const A = `http://127.0.0.1:${PORT_A}`;
const B = `http://127.0.0.1:${PORT_B}`;

test.describe.configure({ mode: "serial" });

let second: Instance | undefined;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  second = await startInstance(PORT_B);
});
test.afterAll(() => second?.stop());

test("a sign-in throttle reached on one instance holds on the other", async ({ page }) => {
  const email = "two-instance-probe@plan.demo";
  for (let i = 0; i < 10; i++) {
    await page.goto(`${A}/login`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`guess-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("The email or password is not correct.")).toBeVisible();
  }
  await page.goto(`${B}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("guess-on-b");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Too many sign-in attempts. Wait a few minutes, then try again.")).toBeVisible();
});

test("a session revoked on one instance is refused by the other", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: A });
  const page = await context.newPage();
  await signIn(page, ACCOUNTS.nurse);
  await expect(page).toHaveURL(/\/queue$/);
  const copied = await context.cookies();
  // Cookies are per host, not per port: the same session opens instance B.
  await page.goto(`${B}/queue`);
  await expect(page).toHaveURL(`${B}/queue`);
  await page.goto(`${A}/queue`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto(`${B}/queue`);
  await expect(stolen).toHaveURL(/\/login/);
  await thief.close();
  await context.close();
});

test("the same Idempotency-Key sent to both instances at once makes one case", async ({ request }) => {
  const headers = { authorization: "Bearer pa_demo_northside_key", "idempotency-key": `two-instances-${Date.now()}` };
  const data = {
    memberId: "N-TWO-INSTANCES",
    memberName: "Twoinstance Testcase",
    request: {
      member: { dateOfBirth: "1968-04-12", lineOfBusiness: "commercial" },
      request: {
        requestDate: "2026-03-02",
        urgency: "standard",
        phase: "trial",
        indication: "chronic_nonmalignant_pain",
        cptCodes: ["62326"],
      },
    },
  };
  const answers = await Promise.all(
    [A, B, A, B].map((base) => request.post(`${base}/api/v1/cases`, { headers, data })),
  );
  const statuses = answers.map((r) => r.status()).sort();
  expect(statuses).toEqual([200, 200, 200, 201]);
  const ids = new Set(await Promise.all(answers.map(async (r) => (await r.json()).id)));
  expect(ids.size).toBe(1);
});

test("50 copies of one approval sent at once, spread over both instances, make one determination", async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const own = await submitOwnCase(request);
  const { page, context } = await pageAs(browser, "nurse");
  await findInQueue(page, own.memberId, own.reference);
  await page.getByRole("button", { name: `Claim case ${own.reference}` }).click();
  await expect(page.getByText("You hold this case.")).toBeVisible();
  await page.getByLabel("Rationale (sent in the letter)").fill("All criteria are documented and met.");

  // The signing click's server-action request, held back and replayed 50 times at once (the
  // draft save that runs before it, `{ caseId, content }`, goes through).
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | undefined;
  await page.route("**/*", async (route) => {
    const req = route.request();
    if (
      req.method() === "POST" &&
      req.headers()["next-action"] &&
      !captured &&
      !(req.postData() ?? "").includes('"content":')
    ) {
      captured = { url: req.url(), headers: req.headers(), body: req.postDataBuffer() ?? Buffer.alloc(0) };
      return route.abort();
    }
    return route.continue();
  });
  await page.getByRole("button", { name: "Approve…" }).click();
  await page
    .getByRole("alertdialog", { name: "Sign and send this approval?" })
    .getByRole("button", { name: "Sign and send the approval" })
    .click();
  await expect.poll(() => captured !== undefined).toBe(true);
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const path = new URL(captured!.url).pathname;
  const keep = ["next-action", "next-router-state-tree", "content-type", "accept"];
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) => {
      const base = i % 2 ? B : A;
      const headers = Object.fromEntries(Object.entries(captured!.headers).filter(([name]) => keep.includes(name)));
      return fetch(`${base}${path}`, {
        method: "POST",
        headers: { ...headers, cookie, origin: base },
        body: new Uint8Array(captured!.body),
      }).then(async (r) => ({ status: r.status, text: await r.text() }));
    }),
  );
  await context.close();
  expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);

  const sql = postgres(process.env.E2E_DATABASE_URL!, { max: 1 });
  try {
    const { determinations } = (
      await sql<{ determinations: number }[]>`
      select count(*)::int as determinations from determinations where case_id = ${own.id}`
    )[0]!;
    expect(determinations).toBe(1);
    const { status } = (await sql<{ status: string }[]>`select status from cases where id = ${own.id}`)[0]!;
    expect(status).toBe("approved");
    const { decided } = (
      await sql<{ decided: number }[]>`
      select count(*)::int as decided from audit_events where case_id = ${own.id} and action = 'case.approve' and outcome = 'ok'`
    )[0]!;
    expect(decided).toBe(1);
  } finally {
    await sql.end();
  }
  // The other 49 were told someone got there first, in words.
  expect(answers.filter((a) => /already|decided|no longer/i.test(a.text)).length).toBeGreaterThanOrEqual(49);
});
