import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The payload when the signature verified with the path's secret, else null. */
  verified: unknown;
  at: number;
}

/**
 * A webhook receiver in this process, for tests: every POST is kept in `received` and checked the
 * receiver's way (the standardwebhooks library: id, timestamp, signature) with `secrets[path]`.
 * It answers 204 when verified, 401 when not, and 500 to the first `state.failFirst` requests.
 */
export async function startTestWebhookReceiver(port: number) {
  const received: ReceivedWebhook[] = [];
  const secrets: Record<string, string> = {};
  const state = { failFirst: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "";
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let verified: unknown = null;
      try {
        verified = new Webhook(secrets[path] ?? "").verify(body, headers);
      } catch {
        verified = null;
      }
      received.push({ path, headers, body, verified, at: Date.now() });
      if (state.failFirst > 0) {
        state.failFirst--;
        res.writeHead(500).end("not now");
      } else res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    received,
    secrets,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
