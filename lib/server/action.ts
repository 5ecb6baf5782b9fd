import "server-only";
import { unstable_rethrow } from "next/navigation";
import { ok, toActionResult, type ActionResult } from "./errors";

/**
 * A server action's one error boundary: what `fn` returns becomes `{ ok: true, data }`, a thrown
 * error becomes the refusal a page may show (toActionResult). Next's control flow (redirect,
 * notFound, forbidden, unauthorized, dynamic usage) is rethrown for the framework to handle.
 */
export function action<Args extends unknown[], T>(
  fn: (...args: Args) => Promise<T>,
): (...args: Args) => Promise<ActionResult<T>> {
  return async (...args) => {
    try {
      return ok(await fn(...args));
    } catch (err) {
      unstable_rethrow(err);
      return toActionResult(err);
    }
  };
}
