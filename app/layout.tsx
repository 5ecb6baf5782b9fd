import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Prior authorization — PHARMACY 339.7", template: "%s · PA portal 339.7" },
  description: "Prior-authorization review for implanted spinal drug delivery systems (PHARMACY 339.7).",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, so Next.js can put this response's CSP nonce (proxy.ts) on its scripts.
  await connection();
  return (
    <html lang="en" data-scroll-behavior="smooth">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
