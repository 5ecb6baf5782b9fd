// Webhook delivery connects to the address the SSRF guard validated, with no second DNS lookup
// (no DNS-rebinding window between the check and the connection).
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import { outbox, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenProviderOrg, givenSubmittedCase, givenUser } from "@/test/given";
import { createWebhookEndpoint } from "./endpoints";
import { deliverWebhooksDue } from "./deliver";
import { pinnedFetch, type Fetch } from "./pinned-post";
import { checkWebhookUrl } from "./url-guard";

const PORT = 4256;
let server: Server;
const hits: { host: string; path: string; body: string }[] = [];
let handle: DatabaseHandle;
let db: Db;
let provider: Awaited<ReturnType<typeof givenUser>>;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      hits.push({ host: String(req.headers.host), path: req.url ?? "", body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
  handle = await createTestDatabase();
  db = handle.db;
  provider = await givenUser(db, "provider", { organizationId: (await givenProviderOrg(db)).id });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await handle?.close();
});
beforeEach(() => {
  hits.length = 0;
});

describe("the pinned connection", () => {
  it("goes to the pinned address for a host name no resolver knows, with the name as Host", async () => {
    // ".invalid" never resolves (RFC 6761): reaching the receiver proves no lookup was made.
    const url = `http://hooks.rebind.invalid:${PORT}/pinned`;
    const res = await pinnedFetch(["127.0.0.1"])(url, {
      method: "POST",
      body: '{"ok":true}',
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(204);
    expect(hits).toEqual([{ host: `hooks.rebind.invalid:${PORT}`, path: "/pinned", body: '{"ok":true}' }]);
    // Without a pin the same name goes to the system resolver, and fails: the name is really unknown.
    const unpinned = await pinnedFetch([])(url, { method: "POST", body: "{}" }).catch(
      (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.name,
    );
    expect(unpinned).toMatch(/ENOTFOUND|EAI_AGAIN|EAI_FAIL/);
    expect(hits).toHaveLength(1);
  });

  it("picks a pinned address of the family asked, and all of them when asked for all", async () => {
    const { pinnedLookup } = await import("./pinned-post");
    const lookup = pinnedLookup(["2606:4700::1111", "93.184.216.34"]);
    const one = await new Promise<[string, number]>((resolve) =>
      lookup("x.example", { family: 4 }, (_e, a, f) => resolve([a as string, f as number])),
    );
    expect(one).toEqual(["93.184.216.34", 4]);
    const all = await new Promise<unknown>((resolve) =>
      lookup("x.example", { all: true }, (_e, list) => resolve(list)),
    );
    expect(all).toEqual([
      { address: "2606:4700::1111", family: 6 },
      { address: "93.184.216.34", family: 4 },
    ]);
  });
});

describe("delivery pins what the guard validated", () => {
  it("resolves once per attempt, connects only to the validated addresses, and refuses a rebinding to a private address before connecting", async () => {
    const created = await createWebhookEndpoint(ctxFor(db, provider), {
      url: "https://hooks.example.org/pa",
      events: ["case.received"],
    });
    await givenSubmittedCase(db, { provider: ctxFor(db, provider) });
    // The attacker's DNS: a public address for the check, then (next attempt) the metadata service.
    const answers = [["93.184.216.34"], ["169.254.169.254"]];
    const lookups: string[] = [];
    const resolve = async (host: string) => {
      lookups.push(host);
      return answers.shift() ?? ["169.254.169.254"];
    };
    const pinnedTo: string[][] = [];
    const sent: string[] = [];
    // Records which addresses the connection was pinned to; answers 503 so the message is retried.
    const pin = (addresses: string[]): Fetch => {
      pinnedTo.push(addresses);
      return async (url) => {
        sent.push(url);
        return new Response(null, { status: 503 });
      };
    };
    const t0 = new Date();
    expect(await deliverWebhooksDue(db, { now: t0, strictUrls: true, resolve, pin })).toMatchObject({ failed: 1 });
    expect(lookups).toEqual(["hooks.example.org"]);
    expect(pinnedTo).toEqual([["93.184.216.34"]]);
    expect(sent).toEqual(["https://hooks.example.org/pa"]);
    const [row] = await db.select().from(outbox).where(eq(outbox.recipient, created.id));
    expect(await deliverWebhooksDue(db, { now: row!.nextAttemptAt, strictUrls: true, resolve, pin })).toMatchObject({
      failed: 1,
    });
    expect(lookups).toHaveLength(2);
    expect(pinnedTo).toHaveLength(1); // the rebinding answer never reached a connection
    const log = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, created.id));
    expect(log.map((d) => d.error).sort()).toEqual([
      "HTTP 503",
      "refused: leads to a link-local address, where cloud servers expose their metadata; only public internet addresses are allowed",
    ]);
    await db.update(webhookEndpoints).set({ status: "disabled" });
  });

  it("the guard answers the addresses it validated (an address literal is its own)", async () => {
    expect(
      await checkWebhookUrl("https://hooks.example.org/x", {
        strict: true,
        resolve: async () => ["93.184.216.34", "2606:4700::1111"],
      }),
    ).toMatchObject({ ok: true, addresses: ["93.184.216.34", "2606:4700::1111"] });
    expect(await checkWebhookUrl("https://93.184.216.34/x", { strict: true })).toMatchObject({
      ok: true,
      addresses: ["93.184.216.34"],
    });
    expect(await checkWebhookUrl(`http://127.0.0.1:${PORT}/x`, { strict: false })).toMatchObject({
      ok: true,
      addresses: [],
    });
  });
});
