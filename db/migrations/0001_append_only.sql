-- Audit events, determinations and their findings are append-only: the database itself refuses
-- UPDATE, DELETE and TRUNCATE (TRUNCATE skips row triggers, hence a statement trigger too).
CREATE OR REPLACE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER determinations_append_only BEFORE UPDATE OR DELETE ON determinations
  FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER determinations_no_truncate BEFORE TRUNCATE ON determinations
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER determination_findings_append_only BEFORE UPDATE OR DELETE ON determination_findings
  FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER determination_findings_no_truncate BEFORE TRUNCATE ON determination_findings
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
