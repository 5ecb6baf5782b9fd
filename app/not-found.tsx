import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto mt-16 max-w-xl px-4">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2">There is no such page or record, or you may not see it.</p>
      <p className="mt-4">
        <Link href="/" className="text-blue-800 underline">
          Go to your start page
        </Link>
      </p>
    </main>
  );
}
