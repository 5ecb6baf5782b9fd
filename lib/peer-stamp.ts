import http from "node:http";
import { peerStamp, SOCKET_ADDRESS_HEADER } from "./client-address";

/**
 * Stamps every request this process's HTTP server receives with its TCP peer's address (and the
 * per-process secret), replacing anything a client sent under that name. Node's server gives the
 * socket to no route handler or action, so this is how they learn it. Called once from
 * instrumentation.ts, before the first request is handled.
 */
export function installSocketAddressStamp(): void {
  const marker = globalThis as unknown as { __peerStampInstalled?: boolean };
  if (marker.__peerStampInstalled) return;
  marker.__peerStampInstalled = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[SOCKET_ADDRESS_HEADER] = peerStamp(req.socket?.remoteAddress);
    }
    return (emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean).call(
      this,
      event,
      ...args,
    );
  } as typeof emit;
}
