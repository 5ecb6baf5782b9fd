import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CriteriaIndex, PolicyDocument } from "@/components/policy/policy-document";
import { getPolicyVersion } from "@/lib/policy";
import { requirePageAccess } from "@/lib/server/viewer";

export async function generateMetadata({ params }: { params: Promise<{ version: string }> }): Promise<Metadata> {
  const version = getPolicyVersion((await params).version);
  return { title: version ? `${version.policyId} ${version.title}` : "Policy" };
}

/** The policy as written: every passage linkable by its anchor; a cited anchor is highlighted. */
export default async function PolicyPage({ params }: { params: Promise<{ version: string }> }) {
  await requirePageAccess("policy.read");
  const version = getPolicyVersion((await params).version);
  if (!version) notFound();
  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_24rem]">
      <div className="min-w-0 rounded-lg border border-slate-300 bg-white p-6">
        <p className="mb-2 text-sm text-slate-700">
          Version {version.id}, effective {version.effectiveDate}. Every passage has a link (¶); a citation opens the
          policy at its passage and highlights it.{" "}
          <a href="#criteria-index-title" className="text-blue-800 underline">
            Skip to the criteria index
          </a>
        </p>
        <PolicyDocument version={version} />
      </div>
      <aside
        aria-label="Criteria index"
        className="min-w-0 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:overflow-y-auto rounded-lg border border-slate-300 bg-white p-4"
      >
        <CriteriaIndex version={version} headingLevel={2} />
      </aside>
    </div>
  );
}
