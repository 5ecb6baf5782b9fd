DROP INDEX "determination_findings_criterion_idx";--> statement-breakpoint
CREATE INDEX "cases_status_history_idx" ON "cases" USING btree ("status","decided_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "determination_findings_criterion_idx" ON "determination_findings" USING btree ("criterion_id","status","determination_id");