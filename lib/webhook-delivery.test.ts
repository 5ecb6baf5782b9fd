import { describe, expect, it } from "vitest";
import { deliveryAnswer, deliveryOutcome } from "./webhook-delivery";

const at = new Date("2026-12-06T10:00:00Z");

describe("a webhook delivery attempt as the log shows it", () => {
  it("a delivered attempt is delivered, whatever its message became", () => {
    expect(deliveryOutcome({ attempt: 1, statusCode: 200, error: null }, null)).toEqual({ kind: "delivered" });
  });

  it("the last failed attempt of a message still pending says when the next one is", () => {
    const message = { status: "pending", attempts: 2, nextAttemptAt: at };
    expect(deliveryOutcome({ attempt: 2, statusCode: 503, error: "HTTP 503" }, message)).toEqual({
      kind: "retry_at",
      at,
    });
    // An earlier attempt of the same message was tried again.
    expect(deliveryOutcome({ attempt: 1, statusCode: 503, error: "HTTP 503" }, message)).toEqual({ kind: "retried" });
  });

  it("the last attempt of a message given up says so; a message gone is just failed", () => {
    expect(
      deliveryOutcome(
        { attempt: 11, statusCode: null, error: "ECONNREFUSED" },
        { status: "dead", attempts: 11, nextAttemptAt: at },
      ),
    ).toEqual({ kind: "given_up" });
    expect(deliveryOutcome({ attempt: 3, statusCode: null, error: "ECONNREFUSED" }, null)).toEqual({ kind: "failed" });
  });

  it("answers read as words, not codes", () => {
    expect(deliveryAnswer({ attempt: 1, statusCode: 503, error: "HTTP 503" })).toBe("HTTP 503");
    expect(deliveryAnswer({ attempt: 1, statusCode: null, error: "ECONNREFUSED" })).toBe("connection refused");
    expect(deliveryAnswer({ attempt: 1, statusCode: null, error: "TimeoutError" })).toBe("no answer within 10 seconds");
    expect(deliveryAnswer({ attempt: 1, statusCode: null, error: "refused: does not resolve" })).toBe(
      "not sent: the address does not resolve",
    );
    expect(deliveryAnswer({ attempt: 1, statusCode: null, error: "EWHATEVER" })).toBe("EWHATEVER");
  });
});
