// How PHARMACY 339.7's text splits into passages (see ../passages.ts): its headings, and the
// readable names of the passages that criteria cite. Changing a name changes published anchors:
// the anchor list is pinned by lib/policy/passages.test.ts.

import type { PassageOutline } from "../passages";

export const PHARMACY_339_7_OUTLINE: PassageOutline = {
  headings: [
    { text: "Implanted Spinal Drug Delivery Systems", level: 1, slug: "title" },
    { text: "Related Policies", level: 2, slug: "related-policies" },
    { text: "Coverage Rationale", level: 2, slug: "coverage" },
    { text: "Cancer-Related Pain", level: 3, slug: "coverage-cancer" },
    { text: "Spasticity", level: 3, slug: "coverage-spasticity" },
    { text: "Chronic Non-Malignant Pain", level: 3, slug: "coverage-cnmp" },
    { text: "Documentation Requirements", level: 2, slug: "documentation" },
    { text: "Applicable Codes", level: 2, slug: "codes" },
    { text: "Description of Services", level: 2, slug: "description" },
    { text: "Clinical Evidence", level: 2, slug: "evidence" },
    { text: "Clinical Practice Guidelines", level: 3, slug: "evidence-guidelines" },
    { text: "American Society of Interventional Pain Physicians (ASIPP)", level: 4, slug: "evidence-asipp" },
    { text: "American Society of Pain and Neuroscience (ASPN)", level: 4, slug: "evidence-aspn" },
    {
      text: "American Society of Regional Anesthesia and Pain Medicine and American Society of Anesthesiologists (ASRA-ASA)",
      level: 4,
      slug: "evidence-asra-asa",
    },
    { text: "British Pain Society (BPS)", level: 4, slug: "evidence-bps" },
    { text: "Consensus Guidelines for Intrathecal (IT) Drug Delivery", level: 4, slug: "evidence-consensus" },
    { text: "National Comprehensive Cancer Network* (NCCN)", level: 4, slug: "evidence-nccn" },
    { text: "U.S. Food and Drug Administration (FDA)", level: 2, slug: "fda" },
    { text: "References", level: 2, slug: "references" },
    { text: "Policy History/Revision Information", level: 2, slug: "history" },
    { text: "Instructions for Use", level: 2, slug: "instructions" },
  ],
  names: [
    ["title-1", "policy-number"],
    ["title-2", "effective-date"],
    ["title-4", "contents"],
    // Chronic non-malignant pain: the trial's five criteria are coverage-cnmp-trial-1..5, the
    // implantation's two are coverage-cnmp-implant-1..2.
    ["coverage-cnmp-1", "coverage-cnmp-trial-intro"],
    ["coverage-cnmp-2-1", "coverage-cnmp-trial"],
    ["coverage-cnmp-3", "coverage-cnmp-implant-intro"],
    ["coverage-cnmp-4", "coverage-cnmp-implant"],
    ["coverage-cnmp-5", "coverage-age-footnote"],
    // The Documentation Requirements table and the bullets of its "Required Clinical Information" cell.
    ["documentation-2", "documentation-table"],
    ["documentation-2-2-1", "documentation-condition"],
    ["documentation-2-2-2", "documentation-cancer"],
    ["documentation-2-2-2-1", "documentation-cancer-trial"],
    ["documentation-2-2-2-2", "documentation-cancer-implant"],
    ["documentation-2-2-3", "documentation-spasticity"],
    ["documentation-2-2-3-1", "documentation-spasticity-trial"],
    ["documentation-2-2-3-2", "documentation-spasticity-implant"],
    ["documentation-2-2-4", "documentation-cnmp"],
    ["documentation-2-2-4-1", "documentation-cnmp-trial"],
    ["documentation-2-2-4-2", "documentation-cnmp-implant"],
    ["documentation-3", "documentation-footnote"],
    ["codes-1", "codes-intro"],
    ["codes-2", "codes-table"],
    ["codes-3", "codes-trademark"],
    ["instructions-2", "instructions-scope"],
  ],
};
