import Link from "next/link";

export default function MetricsNotPublished() {
  return (
    <main id="main" className="mx-auto mt-16 max-w-xl px-4">
      <h1 className="text-2xl font-semibold">Not published</h1>
      <p className="mt-2">The prior-authorization metrics for that year (or that version) have not been published.</p>
      <p className="mt-4">
        <Link href="/prior-authorization-metrics" className="text-blue-800 underline">
          See the published years
        </Link>
      </p>
    </main>
  );
}
