"use client";

export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="rounded bg-blue-700 px-3 py-1 text-sm font-medium text-white hover:bg-blue-800"
    >
      Print the letter
    </button>
  );
}
