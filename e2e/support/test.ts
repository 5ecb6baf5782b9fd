import { test as base, expect } from "@playwright/test";

// Everything else (expect, types) as Playwright exports it; `test` below replaces Playwright's.
export * from "@playwright/test";

/** What the browser says when the Content-Security-Policy blocks something. */
const CSP_CONSOLE = /Content[- ]Security[- ]Policy|Refused to (load|execute|apply|connect|frame|create)/i;

/**
 * The suite's `test`: every page of every context a test opens reports Content-Security-Policy
 * violations (console messages and `securitypolicyviolation` events), and the test fails in
 * teardown when there was any. `cspViolations` lets a test read (or clear) them itself.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context, browser }, use, testInfo) => {
      const found: string[] = [];
      const watch = async (ctx: typeof context) => {
        await ctx.exposeBinding("__reportCspViolation", (_source, text: string) => void found.push(text));
        await ctx.addInitScript(() => {
          document.addEventListener("securitypolicyviolation", (e) => {
            const report = (window as unknown as { __reportCspViolation?: (t: string) => void }).__reportCspViolation;
            report?.(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} on ${location.pathname}`);
          });
        });
        ctx.on("console", (m) => {
          if (CSP_CONSOLE.test(m.text())) found.push(m.text());
        });
      };
      await watch(context);
      // Contexts a test opens itself (pageAs, browser.newContext).
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const ctx = await newContext(...args);
        await watch(ctx);
        return ctx;
      };
      await use(found);
      browser.newContext = newContext;
      if (found.length) {
        await testInfo.attach("csp-violations", { body: found.join("\n"), contentType: "text/plain" });
        expect(found, "Content-Security-Policy violations").toEqual([]);
      }
    },
    { auto: true },
  ],
});
