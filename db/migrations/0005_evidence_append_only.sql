-- What a determination rests on must not change after the fact either: the evaluation snapshot
-- it names, the files its evidence points to, appeals and escalations. Answered information
-- requests are frozen; an open one may only receive its answer.
CREATE TRIGGER evaluation_snapshots_append_only BEFORE UPDATE OR DELETE ON evaluation_snapshots
  FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER evaluation_snapshots_no_truncate BEFORE TRUNCATE ON evaluation_snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER attachments_append_only BEFORE UPDATE OR DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER attachments_no_truncate BEFORE TRUNCATE ON attachments
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER attachment_blobs_append_only BEFORE UPDATE OR DELETE ON attachment_blobs
  FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER attachment_blobs_no_truncate BEFORE TRUNCATE ON attachment_blobs
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER appeals_append_only BEFORE UPDATE OR DELETE ON appeals
  FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER appeals_no_truncate BEFORE TRUNCATE ON appeals
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER case_escalations_append_only BEFORE UPDATE OR DELETE ON case_escalations
  FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER case_escalations_no_truncate BEFORE TRUNCATE ON case_escalations
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION information_request_answer_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.responded_at IS NOT NULL
     OR NEW.id IS DISTINCT FROM OLD.id OR NEW.case_id IS DISTINCT FROM OLD.case_id
     OR NEW.requested_by IS DISTINCT FROM OLD.requested_by OR NEW.message IS DISTINCT FROM OLD.message
     OR NEW.items IS DISTINCT FROM OLD.items OR NEW.requested_at IS DISTINCT FROM OLD.requested_at THEN
    RAISE EXCEPTION '% on % is not allowed: only an open request may receive its answer', TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER case_information_requests_answer_only BEFORE UPDATE OR DELETE ON case_information_requests
  FOR EACH ROW EXECUTE FUNCTION information_request_answer_only();
--> statement-breakpoint
CREATE TRIGGER case_information_requests_no_truncate BEFORE TRUNCATE ON case_information_requests
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
