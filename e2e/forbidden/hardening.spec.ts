import { expect, test } from "../support/test";
import { ACCOUNTS, pageAs, signIn } from "../support/helpers";

test("pages carry a fresh nonce-based Content-Security-Policy and HSTS; every script has the nonce", async ({
  request,
}) => {
  const nonces = new Set<string>();
  for (const path of ["/login", "/policy/339.7"]) {
    const res = await request.get(path);
    const csp = res.headers()["content-security-policy"] ?? "";
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    expect(nonce, `${path}: ${csp}`).toBeTruthy();
    nonces.add(nonce!);
    expect(scriptSrc).not.toContain("unsafe-inline");
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"])
      expect(csp).toContain(directive);
    expect(res.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
    const scripts = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size).toBe(2);
});

test("under the policy the pages still work: sign-in, a signed-in page, no CSP violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(m.text());
  });
  await signIn(page, ACCOUNTS.physician2);
  await expect(page).toHaveURL(/\/queue$/);
  await page.goto("/policy/339.7");
  await expect(page.getByRole("heading").first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("a client-sent X-Forwarded-For does not name the caller; after sign-out a copied cookie opens nothing", async ({
  browser,
}) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.250" } });
  const page = await context.newPage();
  await signIn(page, ACCOUNTS.admin);
  await expect(page).toHaveURL(/\/admin\/users$/);
  const copied = await context.cookies();
  const cookieHeader = copied.map((c) => `${c.name}=${c.value}`).join("; ");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  // The copied cookie: refused by pages and by Auth.js's session endpoint (no name, role or organization).
  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/admin/users");
  await expect(stolen).toHaveURL(/\/login/);
  const session = await stolen.request.get("/api/auth/session", { headers: { cookie: cookieHeader } });
  expect(await session.json()).toBeNull();
  await thief.close();
  await context.close();

  const { page: auditor, context: auditorContext } = await pageAs(browser, "auditor");
  await auditor.goto("/audit?action=auth.sign_in");
  const rows = auditor.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  const text = await auditor.locator("table").innerText();
  expect(text).not.toContain("203.0.113.250");
  expect(text).toMatch(/127\.0\.0\.1|::1/);
  await auditorContext.close();
});

test("the x-middleware-subrequest header skips neither the proxy's policy nor the server's session checks", async ({
  request,
}) => {
  const bypass = {
    "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy:middleware:middleware:middleware:middleware:middleware",
  };
  for (const path of ["/audit", "/queue", "/admin/users", "/cases"]) {
    const res = await request.get(path, { headers: bypass, maxRedirects: 0 });
    expect([303, 307, 308]).toContain(res.status());
    expect(res.headers()["location"]).toMatch(/\/login/);
  }
  const login = await request.get("/login", { headers: bypass });
  expect(login.headers()["content-security-policy"]).toContain("'nonce-");
  const file = await request.get("/attachments/00000000-0000-4000-8000-000000000000", { headers: bypass });
  expect([401, 404]).toContain(file.status());
});
