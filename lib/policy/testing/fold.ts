// The conformance checker's own folding (reference/conformance/check.mjs), so the project's tests
// prove quotes verbatim by exactly the rule the checker applies. Tests only.
export { fold } from "@/reference/conformance/check.mjs";
