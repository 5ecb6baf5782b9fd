"use client";
// "What the policy still needs": a heading and a live region that the policy check fills in. The
// check (zod schema, evaluator and the result list: still-needs-result.tsx) loads after first
// paint, once per page: the form is usable at once, and the panel fills in a moment later.
import { lazy, Suspense, useSyncExternalStore } from "react";

const StillNeedsResult = lazy(() => import("./still-needs-result").then((m) => ({ default: m.StillNeedsResult })));
const noSubscription = () => () => {};

/**
 * The policy engine runs in the browser (it is pure) on every change of the form, so the provider
 * sees each criterion's status before submitting.
 */
export function StillNeedsPanel({ request }: { request: unknown }) {
  // False on the server and while hydrating: the check's code is requested only once the page is up.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const loading = (
    <p className="font-medium" data-testid="still-needs-loading">
      Loading the policy’s criteria…
    </p>
  );
  return (
    <section
      aria-labelledby="still-needs-heading"
      className="rounded-lg border border-slate-300 bg-white p-4"
      data-testid="still-needs"
    >
      <h2 id="still-needs-heading" className="text-lg font-semibold">
        What the policy still needs
      </h2>
      <div aria-live="polite" className="mt-2 space-y-3 text-sm">
        {hydrated ? (
          <Suspense fallback={loading}>
            <StillNeedsResult request={request} />
          </Suspense>
        ) : (
          loading
        )}
      </div>
    </section>
  );
}
