import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddress, peerStamp, SOCKET_ADDRESS_HEADER } from "./client-address";
import { installSocketAddressStamp } from "./peer-stamp";

const headers = (init: Record<string, string> = {}) => new Headers(init);

describe("client address", () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXY_HOPS;
  });

  it("without configured proxies, ignores a client-sent X-Forwarded-For and uses the socket's address", () => {
    const h = headers({ "x-forwarded-for": "203.0.113.250", [SOCKET_ADDRESS_HEADER]: peerStamp("::ffff:127.0.0.1") });
    expect(clientAddress(h)).toBe("127.0.0.1");
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.250" }))).toBeNull();
  });

  it("refuses a stamp the client forged (without this process's secret)", () => {
    expect(clientAddress(headers({ [SOCKET_ADDRESS_HEADER]: "guess 203.0.113.250" }))).toBeNull();
  });

  it("with N trusted proxies, takes the N-th entry from the right of X-Forwarded-For", () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    expect(clientAddress(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }))).toBe("203.0.113.7");
    process.env.TRUSTED_PROXY_HOPS = "2";
    expect(clientAddress(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" }))).toBe("203.0.113.7");
    expect(clientAddress(headers({ "x-forwarded-for": "10.0.0.2" }))).toBeNull();
    expect(clientAddress(headers({ "x-forwarded-for": "x".repeat(200) }))).toBeNull();
  });

  it("the server stamps each request with its peer's address, over whatever the client sent", async () => {
    installSocketAddressStamp();
    const seen: (string | null)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(clientAddress(new Headers(req.headers as Record<string, string>)));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/`, {
        headers: { "x-forwarded-for": "203.0.113.250", [SOCKET_ADDRESS_HEADER]: "forged 203.0.113.250" },
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toEqual(["127.0.0.1"]);
  });
});
