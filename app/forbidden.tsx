import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto mt-16 max-w-xl px-4">
      <h1 className="text-2xl font-semibold">Not allowed</h1>
      <p className="mt-2">Your role may not open this page. The attempt has been recorded.</p>
      <p className="mt-4">
        <Link href="/" className="text-blue-800 underline">
          Go to your start page
        </Link>
      </p>
    </main>
  );
}
