import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "../support/test";
import { e2eServerLog } from "../../scripts/e2e-env.mjs";
import { findInQueue, submitOwnCase } from "../support/cases";
import { pageAs, signIn } from "../support/helpers";

const KEY = { authorization: "Bearer pa_demo_northside_key" };
// What a stack trace or a server path looks like in a response body.
const STACK = /\n\s+at [^\n]*:\d+:\d+|node_modules|webpack-internal|\.next-e2e|\/work\/|\.tsx?:\d+/;

/** The id of the sign-in form's server action, read off a real submission that is then dropped. */
async function signInActionId(page: Page): Promise<string> {
  let id: string | undefined;
  await page.route("**/login", async (route) => {
    const header = route.request().headers()["next-action"];
    if (route.request().method() === "POST" && header) {
      id = header;
      return route.abort();
    }
    return route.continue();
  });
  await signIn(page, "nobody@example.test", "not-the-password");
  await expect.poll(() => id).toBeTruthy();
  await page.unroute("**/login");
  return id!;
}

test("a journey with a unique patient leaves no trace of them in the server's output", async ({
  browser,
  request,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const tag = Math.random().toString(36).slice(2, 8);
  const memberName = `Quillfeather Zephyrine${tag}`;
  const year = 1940 + Math.floor(Math.random() * 40);
  const dateOfBirth = `${year}-07-23`;
  const own = await submitOwnCase(request, (r) => void (r.member.dateOfBirth = dateOfBirth), memberName);

  // Refused and broken requests carrying the patient's data: a bad submission, a file named after them.
  const bad = await request.post("/api/v1/cases", {
    headers: KEY,
    data: { memberId: own.memberId, memberName, request: { member: { dateOfBirth }, request: { urgency: "soon" } } },
  });
  expect(bad.status()).toBe(400);
  const upload = await request.post(`/api/v1/cases/${own.id}/attachments`, {
    headers: KEY,
    multipart: {
      file: {
        name: `${memberName} ${dateOfBirth}.pdf`,
        mimeType: "application/pdf",
        buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
      },
    },
  });
  expect(upload.status()).toBe(201);

  const provider = await pageAs(browser, "provider");
  await provider.page.goto(`/cases/${own.id}`);
  await expect(provider.page.getByText(memberName).first()).toBeVisible();
  await provider.context.close();

  const nurse = await pageAs(browser, "nurse");
  await findInQueue(nurse.page, own.memberId, own.reference);
  await expect(nurse.page.getByText(memberName).first()).toBeVisible();
  await nurse.context.close();

  const auditor = await pageAs(browser, "auditor");
  await auditor.page.goto(`/history/${own.id}`);
  await expect(auditor.page.getByText(memberName).first()).toBeVisible();
  await auditor.context.close();

  // A sign-in with the patient's name and birth date typed into the wrong fields.
  const stranger = await browser.newContext();
  const page = await stranger.newPage();
  await signIn(page, `${memberName.replace(" ", ".")}@example.test`, dateOfBirth);
  await expect(page.getByText("The email or password is not correct.")).toBeVisible();
  await stranger.close();

  // An unknown server action id is logged by name; the server's output reaches the log in order, so
  // once this last request is in it, everything the journey made the server print is there too.
  const marker = randomBytes(21).toString("hex");
  await request.post("/login", {
    headers: { "next-action": marker, "content-type": "text/plain;charset=UTF-8", origin: new URL(baseURL!).origin },
    data: "[]",
  });
  await expect.poll(() => readFileSync(e2eServerLog, "utf8")).toContain(marker);
  const log = readFileSync(e2eServerLog, "utf8");
  expect(log).toContain("Next.js");
  const [y, m, d] = dateOfBirth.split("-");
  for (const trace of [memberName, memberName.split(" ")[1]!, dateOfBirth, `${m}/${d}/${y}`, own.memberId])
    expect(log, trace).not.toContain(trace);
});

test("errors never show a stack trace: unknown pages and ids, broken API bodies, malformed server actions", async ({
  browser,
  request,
  baseURL,
}) => {
  const { page, context } = await pageAs(browser, "provider");
  for (const path of ["/cases/not-a-case", "/cases/00000000-0000-4000-8000-000000000000", "/no-such-page"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    expect(await res!.text(), path).not.toMatch(STACK);
  }
  await context.close();

  const answers = [
    await request.post("/api/v1/cases", {
      headers: { ...KEY, "content-type": "application/json" },
      data: '{"memberId": "N-1", "request": {',
    }),
    await request.post("/api/v1/cases", {
      headers: { ...KEY, "content-type": "application/json" },
      data: "[".repeat(5000),
    }),
    await request.post("/api/v1/evaluate", {
      headers: { ...KEY, "content-type": "text/plain" },
      data: "\u0000\u0001binary",
    }),
    await request.get("/api/v1/cases/not-a-uuid", { headers: KEY }),
    await request.post("/api/v1/cases/00000000-0000-4000-8000-000000000000/attachments", {
      headers: { ...KEY, "content-type": "multipart/form-data; boundary=x" },
      data: "--x\r\nbroken",
    }),
  ];
  for (const res of answers) {
    expect(res.status(), res.url()).toBeGreaterThanOrEqual(400);
    expect(res.status(), res.url()).toBeLessThan(500);
    const body = (await res.json()) as { error?: { message?: string } };
    expect(body.error?.message, res.url()).toBeTruthy();
    expect(JSON.stringify(body)).not.toMatch(STACK);
  }

  const anonymous = await browser.newContext();
  const login = await anonymous.newPage();
  const actionId = await signInActionId(login);
  await anonymous.close();
  for (const [id, body] of [
    [actionId, "this is not an action payload"],
    [actionId, `["$K1", ${"{".repeat(2000)}`],
    ["0".repeat(42), "[]"],
  ] as const) {
    const res = await request.post("/login", {
      headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", origin: new URL(baseURL!).origin },
      data: body,
    });
    expect(res.status()).not.toBe(200);
    expect(await res.text()).not.toMatch(STACK);
  }
});
