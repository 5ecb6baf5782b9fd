import { afterEach, describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

const headers = (value?: string) => new Headers(value === undefined ? {} : { "x-forwarded-for": value });

describe("client address", () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXY_HOPS;
  });

  it("takes the entry the nearest proxy appended, not the client's own claim", () => {
    expect(clientAddress(headers("6.6.6.6, 203.0.113.7"))).toBe("203.0.113.7");
    expect(clientAddress(headers("203.0.113.7"))).toBe("203.0.113.7");
  });

  it("counts trusted proxies from the right", () => {
    process.env.TRUSTED_PROXY_HOPS = "2";
    expect(clientAddress(headers("6.6.6.6, 203.0.113.7, 10.0.0.2"))).toBe("203.0.113.7");
  });

  it("has no address without the header, and ignores junk", () => {
    expect(clientAddress(headers())).toBeNull();
    expect(clientAddress(headers("x".repeat(200)))).toBeNull();
  });
});
