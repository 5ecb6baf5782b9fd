/**
 * Cohen's kappa for two raters over the same items: (po − pe) / (1 − pe), where po is the share
 * of items both rate alike and pe the agreement expected by chance from each rater's own
 * proportions. null when undefined (no items, or chance agreement is already 1: one category).
 */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): {
  n: number;
  agreement: number | null;
  kappa: number | null;
} {
  const n = pairs.length;
  if (n === 0) return { n, agreement: null, kappa: null };
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let same = 0;
  for (const [x, y] of pairs) {
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
    if (x === y) same++;
  }
  const po = same / n;
  let pe = 0;
  for (const [k, count] of a) pe += (count / n) * ((b.get(k) ?? 0) / n);
  return { n, agreement: po, kappa: pe === 1 ? null : (po - pe) / (1 - pe) };
}
