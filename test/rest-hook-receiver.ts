import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedNotification {
  path: string;
  headers: Record<string, string>;
  body: unknown;
  at: number;
}

/**
 * A FHIR rest-hook endpoint in this process, for tests: every POST is kept in `received` (body as
 * JSON); it answers `state.status` (default 200), or 500 to the first `state.failFirst` requests.
 * Listens on a free loopback port.
 */
export async function startRestHookReceiver() {
  const received: ReceivedNotification[] = [];
  const state = { failFirst: 0, status: 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      received.push({
        path: req.url ?? "",
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: text ? (JSON.parse(text) as unknown) : null,
        at: Date.now(),
      });
      if (state.failFirst > 0) {
        state.failFirst--;
        res.writeHead(500).end();
      } else res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = "/notify") => `http://127.0.0.1:${port}${path}`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
