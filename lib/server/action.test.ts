import { afterEach, describe, expect, it, vi } from "vitest";
import { notFound, redirect } from "next/navigation";
import { DynamicServerError } from "next/dist/client/components/hooks-server-context";
import { action } from "./action";
import { ConflictError, ValidationError } from "./errors";

afterEach(() => vi.restoreAllMocks());

describe("action", () => {
  it("answers what the function returns as { ok: true, data }", async () => {
    const double = action(async (n: number) => n * 2);
    expect(await double(21)).toEqual({ ok: true, data: 42 });
  });

  it("turns a ServiceError into its code, message and issues", async () => {
    const refused = action(async () => {
      throw new ValidationError("Enter the member’s ID.", [{ path: "memberId", message: "is required" }]);
    });
    expect(await refused()).toEqual({
      ok: false,
      code: "INVALID_INPUT",
      message: "Enter the member’s ID.",
      issues: [{ path: "memberId", message: "is required" }],
    });
    const conflict = action(async () => {
      throw new ConflictError("Changed in another window.");
    });
    expect(await conflict()).toEqual({
      ok: false,
      code: "CONFLICT",
      message: "Changed in another window.",
      issues: undefined,
    });
  });

  it("turns an unknown error into INTERNAL with a reference, showing and logging none of its message", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = action(async () => {
      throw new Error("duplicate key value: member N-10001 Pat Example");
    });
    const result = await broken();
    expect(result).toMatchObject({ ok: false, code: "INTERNAL" });
    const message = (result as { message: string }).message;
    const ref = /reference ([0-9a-f-]{36})/.exec(message)?.[1];
    expect(ref).toBeDefined();
    expect(message).not.toContain("N-10001");
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]![0])).toContain(ref);
    expect(String(log.mock.calls[0]![0])).not.toContain("N-10001");
  });

  it("rethrows Next's redirect and notFound for the framework", async () => {
    const redirecting = action(async () => redirect("/login?notice=account-ready"));
    await expect(redirecting()).rejects.toMatchObject({
      digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/login\?notice=account-ready/),
    });
    const missing = action(async () => notFound());
    await expect(missing()).rejects.toMatchObject({ digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
  });

  it("rethrows a dynamic-usage error (a page read cookies while being prerendered)", async () => {
    const dynamic = new DynamicServerError("cookies");
    const reading = action(async () => {
      throw dynamic;
    });
    await expect(reading()).rejects.toBe(dynamic);
  });
});
