import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { readSessionClaims, sessionCookieName } from "./session-token";

const SECRET = "session-token-test-secret-0123456789abcdef";
process.env.AUTH_SECRET = SECRET;
const NAME = "authjs.session-token";
const claims = {
  uid: "7d1f2c1e-3c1a-4a57-9a59-6a0b8f2d1e11",
  sid: "1b7c9d4e-2f3a-4b5c-8d6e-7f8091a2b3c4",
  authTime: Math.floor(Date.now() / 1000),
};
const headers = (cookie: string, proto = "http") => new Headers({ cookie, "x-forwarded-proto": proto });

describe("readSessionClaims (the page's session cookie, decoded as Auth.js does)", () => {
  it("reads a token Auth.js issued under the same cookie name", async () => {
    const token = await encode({ token: claims, secret: SECRET, salt: NAME });
    expect(await readSessionClaims(headers(`other=1; ${NAME}=${token}`))).toMatchObject(claims);
  });

  it("joins a token Auth.js split into chunks", async () => {
    const token = await encode({ token: claims, secret: SECRET, salt: NAME });
    const cut = Math.floor(token.length / 2);
    expect(
      await readSessionClaims(headers(`${NAME}.1=${token.slice(cut)}; ${NAME}.0=${token.slice(0, cut)}`)),
    ).toMatchObject(claims);
  });

  it("refuses a token altered, made under another secret, another cookie name, or expired", async () => {
    const token = await encode({ token: claims, secret: SECRET, salt: NAME });
    const parts = token.split(".");
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
    expect(await readSessionClaims(headers(`${NAME}=${parts.join(".")}`))).toBeNull();
    expect(
      await readSessionClaims(
        headers(
          `${NAME}=${await encode({ token: claims, secret: "another-secret-0123456789abcdef-xyz", salt: NAME })}`,
        ),
      ),
    ).toBeNull();
    expect(
      await readSessionClaims(
        headers(`${NAME}=${await encode({ token: claims, secret: SECRET, salt: "__Secure-authjs.session-token" })}`),
      ),
    ).toBeNull();
    expect(
      await readSessionClaims(
        headers(`${NAME}=${await encode({ token: claims, secret: SECRET, salt: NAME, maxAge: -60 })}`),
      ),
    ).toBeNull();
    expect(await readSessionClaims(headers("no-session=1"))).toBeNull();
  });

  it("over HTTPS reads only the __Secure- cookie, as Auth.js does", async () => {
    expect(sessionCookieName(headers("", "https"))).toBe("__Secure-authjs.session-token");
    expect(sessionCookieName(new Headers())).toBe("__Secure-authjs.session-token");
    const plain = await encode({ token: claims, secret: SECRET, salt: NAME });
    expect(await readSessionClaims(headers(`${NAME}=${plain}`, "https"))).toBeNull();
    const secure = await encode({ token: claims, secret: SECRET, salt: "__Secure-authjs.session-token" });
    expect(await readSessionClaims(headers(`__Secure-authjs.session-token=${secure}`, "https"))).toMatchObject(claims);
  });
});
