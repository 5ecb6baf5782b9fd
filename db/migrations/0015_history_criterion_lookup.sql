CREATE TABLE "case_criteria_not_met" (
	"criterion_id" text NOT NULL,
	"case_id" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_criteria_not_met" ADD CONSTRAINT "case_criteria_not_met_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_criteria_not_met_history_idx" ON "case_criteria_not_met" USING btree ("criterion_id","decided_at" DESC NULLS LAST,"case_id" DESC NULLS LAST);--> statement-breakpoint
-- Derived rows are written by the database itself, in the transaction of the write that causes
-- them, so every writer (decision services, the bulk seed, test fixtures) keeps them in step:
-- a not-met finding adds its criterion at the case's current decision time; a new decision time
-- on a case (a decision, an appeal decision) adds every criterion the case has had found not met
-- at that time.
CREATE FUNCTION case_criteria_not_met_from_finding() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_criteria_not_met (criterion_id, case_id, decided_at)
  SELECT NEW.criterion_id, c.id, c.decided_at FROM determinations d JOIN cases c ON c.id = d.case_id
  WHERE d.id = NEW.determination_id AND c.decided_at IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER determination_findings_not_met AFTER INSERT ON determination_findings
  FOR EACH ROW WHEN (NEW.status = 'not_met') EXECUTE FUNCTION case_criteria_not_met_from_finding();
--> statement-breakpoint
CREATE FUNCTION case_criteria_not_met_from_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_criteria_not_met (criterion_id, case_id, decided_at)
  SELECT DISTINCT df.criterion_id, NEW.id, NEW.decided_at
  FROM determinations d JOIN determination_findings df ON df.determination_id = d.id
  WHERE d.case_id = NEW.id AND df.status = 'not_met'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cases_decided_not_met AFTER UPDATE OF decided_at ON cases
  FOR EACH ROW WHEN (NEW.decided_at IS NOT NULL AND NEW.decided_at IS DISTINCT FROM OLD.decided_at)
  EXECUTE FUNCTION case_criteria_not_met_from_case();
--> statement-breakpoint
CREATE TRIGGER case_criteria_not_met_append_only BEFORE UPDATE OR DELETE ON case_criteria_not_met
  FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER case_criteria_not_met_no_truncate BEFORE TRUNCATE ON case_criteria_not_met
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
--> statement-breakpoint
-- Backfill: the current row of every decided case with a criterion found not met.
INSERT INTO case_criteria_not_met (criterion_id, case_id, decided_at)
SELECT DISTINCT df.criterion_id, d.case_id, c.decided_at
FROM determination_findings df JOIN determinations d ON d.id = df.determination_id JOIN cases c ON c.id = d.case_id
WHERE df.status = 'not_met' AND c.decided_at IS NOT NULL;
