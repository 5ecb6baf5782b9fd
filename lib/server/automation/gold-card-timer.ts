import type { Db } from "@/db/client";
import { runScheduledGoldCardEvaluation } from "./gold-cards";

/** How often each instance checks whether the twice-yearly evaluation is due. */
const CHECK_MS = 60 * 60_000;

/**
 * The gold cards' schedule: every instance checks hourly (and a minute after start) whether the
 * last evaluation is older than the period (182 days); the conditional UPDATE in
 * runScheduledGoldCardEvaluation lets exactly one instance evaluate each period.
 */
export function startGoldCardTimer(db: Db): void {
  const run = (): void => {
    void runScheduledGoldCardEvaluation(db)
      .then((summary) => {
        if (summary)
          console.log(
            `[portal] gold cards evaluated: ${summary.granted.length} granted, ${summary.withdrawn.length} withdrawn (${summary.practices} practices)`,
          );
      })
      .catch((err) => console.error(`[portal] gold-card evaluation failed: ${(err as Error).message}`));
  };
  setTimeout(run, 60_000).unref();
  setInterval(run, CHECK_MS).unref();
}
