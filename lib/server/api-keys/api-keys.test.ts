import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { apiKeys, users } from "@/db/schema";
import { hashApiKey } from "@/db/seed";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenProviderOrg, givenUser } from "@/test/given";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "../errors";
import { createApiKey } from "./create-api-key";
import { revokeAnyApiKey, revokeApiKey } from "./revoke-api-key";
import { listAllApiKeys, listApiKeys } from "./list-api-keys";
import { ApiKeyCache, apiKeyCache, authenticateApiKey } from "./authenticate-api-key";
import { setUserActive } from "../admin/accounts";
import { setOrganizationActive } from "../admin/organizations";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

it("shows a key once, stores only its hash, and acts for its organization as its creator", async () => {
  const org = await givenProviderOrg(handle.db);
  const creator = await givenUser(handle.db, "provider", { organizationId: org.id });
  const ctx = ctxFor(handle.db, creator);
  const created = await createApiKey(ctx, { name: "EHR link" });
  expect(created.key).toMatch(/^pa_live_[A-Za-z0-9_-]{32}$/);
  const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
  expect(row!.keyHash).toBe(hashApiKey(created.key));
  expect(JSON.stringify(row)).not.toContain(created.key);
  expect(JSON.stringify(await listApiKeys(ctx))).not.toContain(created.key);

  const apiCtx = await authenticateApiKey(handle.db, `Bearer ${created.key}`);
  expect(apiCtx).toMatchObject({
    via: "api",
    viewer: { userId: creator.id, role: "provider", organizationId: org.id },
  });

  // The creator leaves: the key is refused, even with a colleague still active (it never acts as someone else).
  const colleague = await givenUser(handle.db, "provider", { organizationId: org.id });
  await handle.db.update(users).set({ active: false }).where(eq(users.id, creator.id));
  const refused = await authenticateApiKey(handle.db, `Bearer ${created.key}`).catch((e) => e);
  expect(refused).toBeInstanceOf(UnauthenticatedError);
  expect(refused.message).toBe("This API key's owner no longer has access; create a new key.");
  // Still refused when the creator is active again but no longer a provider.
  await handle.db.update(users).set({ active: true, role: "auditor" }).where(eq(users.id, creator.id));
  await expect(authenticateApiKey(handle.db, `Bearer ${created.key}`)).rejects.toThrow(/no longer has access/);

  // A key without a creator (a seeded demo key) acts as the organization's earliest active provider.
  await handle.db.insert(apiKeys).values({
    organizationId: org.id,
    name: "Seeded",
    prefix: "pa_seed_xxxx",
    keyHash: hashApiKey("pa_seeded_key_for_test"),
  });
  expect((await authenticateApiKey(handle.db, "Bearer pa_seeded_key_for_test")).viewer.userId).toBe(colleague.id);

  await revokeApiKey(ctxFor(handle.db, colleague), { keyId: created.id });
  await expect(authenticateApiKey(handle.db, `Bearer ${created.key}`)).rejects.toThrow(/revoked/);
});

it("refuses malformed headers, other organizations and other roles", async () => {
  for (const header of [null, "", "Basic abc", "Bearer", "Bearer short"])
    await expect(authenticateApiKey(handle.db, header)).rejects.toBeInstanceOf(UnauthenticatedError);
  const ctx = ctxFor(handle.db, await givenUser(handle.db, "provider"));
  const created = await createApiKey(ctx, { name: "mine" });
  await expect(
    revokeApiKey(ctxFor(handle.db, await givenUser(handle.db, "provider")), { keyId: created.id }),
  ).rejects.toBeInstanceOf(NotFoundError);
  await expect(
    createApiKey(ctxFor(handle.db, await givenUser(handle.db, "nurse_reviewer")), { name: "nope" }),
  ).rejects.toBeInstanceOf(ForbiddenError);
  const bad = await createApiKey(ctx, { name: " " }).catch((e) => e);
  expect(bad).toBeInstanceOf(ValidationError);
  expect(bad.issues[0].path).toBe("name");
});

it("the administrator lists every organization's keys without the secret and revokes any; others are refused", async () => {
  const owner = await givenUser(handle.db, "provider");
  const created = await createApiKey(ctxFor(handle.db, owner), { name: "Practice EHR" });
  const admin = await givenUser(handle.db, "admin");
  const listed = await listAllApiKeys(ctxFor(handle.db, admin));
  expect(listed.find((k) => k.id === created.id)).toMatchObject({
    name: "Practice EHR",
    lastUsedAt: null,
    revokedAt: null,
  });
  expect(JSON.stringify(listed)).not.toContain(created.key);
  await authenticateApiKey(handle.db, `Bearer ${created.key}`);
  // Recorded off the request's path: it lands shortly after.
  await vi.waitFor(async () =>
    expect(
      (await listAllApiKeys(ctxFor(handle.db, admin))).find((k) => k.id === created.id)!.lastUsedAt,
    ).toBeInstanceOf(Date),
  );
  for (const role of ["provider", "nurse_reviewer", "auditor"] as const) {
    const someone = ctxFor(handle.db, await givenUser(handle.db, role));
    await expect(listAllApiKeys(someone)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revokeAnyApiKey(someone, { keyId: created.id })).rejects.toBeInstanceOf(ForbiddenError);
  }
  await revokeAnyApiKey(ctxFor(handle.db, admin), { keyId: created.id });
  await expect(authenticateApiKey(handle.db, `Bearer ${created.key}`)).rejects.toThrow(/revoked/);
});

it("remembers a valid key for seconds: a revocation is refused at once on the instance that made it, and within the memory's lifetime on another", async () => {
  const owner = await givenUser(handle.db, "provider");
  const created = await createApiKey(ctxFor(handle.db, owner), { name: "Busy EHR" });
  const bearer = `Bearer ${created.key}`;
  // This process is instance A (the one whose services revoke); B is another instance on the same database.
  let clock = 1_000_000;
  const b = new ApiKeyCache(5000, () => clock);
  const a = apiKeyCache();
  expect((await authenticateApiKey(handle.db, bearer, {}, a)).viewer.userId).toBe(owner.id);
  expect((await authenticateApiKey(handle.db, bearer, {}, b)).viewer.userId).toBe(owner.id);

  await revokeApiKey(ctxFor(handle.db, owner), { keyId: created.id });
  await expect(authenticateApiKey(handle.db, bearer, {}, a)).rejects.toThrow(/revoked/);
  // B still remembers the key until its entry is 5 s old, then asks the database again.
  clock += 4999;
  expect((await authenticateApiKey(handle.db, bearer, {}, b)).apiKeyId).toBe(created.id);
  clock += 1;
  await expect(authenticateApiKey(handle.db, bearer, {}, b)).rejects.toThrow(/revoked/);
  // A refusal is never remembered.
  await expect(authenticateApiKey(handle.db, bearer, {}, b)).rejects.toThrow(/revoked/);
});

it("forgets remembered keys at once when their creator or their organization is deactivated", async () => {
  const admin = ctxFor(handle.db, await givenUser(handle.db, "admin"));
  const cache = apiKeyCache();
  const keyOf = async () => {
    const org = await givenProviderOrg(handle.db);
    const owner = await givenUser(handle.db, "provider", { organizationId: org.id });
    const { key } = await createApiKey(ctxFor(handle.db, owner), { name: "EHR" });
    await authenticateApiKey(handle.db, `Bearer ${key}`, {}, cache);
    return { org, owner, bearer: `Bearer ${key}` };
  };
  const deactivated = await keyOf();
  await setUserActive(admin, { userId: deactivated.owner.id, active: false });
  await expect(authenticateApiKey(handle.db, deactivated.bearer, {}, cache)).rejects.toThrow(/no longer has access/);

  const orgGone = await keyOf();
  await setOrganizationActive(admin, { organizationId: orgGone.org.id, active: false });
  await expect(authenticateApiKey(handle.db, orgGone.bearer, {}, cache)).rejects.toThrow(/not valid or was revoked/);
});

it("does not keep what a lookup read before a revocation it overlapped", async () => {
  const cache = new ApiKeyCache(5000);
  const owner = await givenUser(handle.db, "provider");
  const { key } = await createApiKey(ctxFor(handle.db, owner), { name: "EHR" });
  const [row] = await handle.db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hashApiKey(key)));
  const epoch = cache.epoch;
  cache.forget(); // a revocation committed while the lookup was on its way
  cache.set(
    hashApiKey(key),
    { id: row!.id, organizationId: row!.organizationId, userId: owner.id, name: owner.name, email: owner.email },
    epoch,
  );
  expect(cache.get(hashApiKey(key))).toBeUndefined();
});
