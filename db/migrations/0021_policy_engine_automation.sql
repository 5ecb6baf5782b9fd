ALTER TYPE "public"."role" ADD VALUE 'policy_engine';--> statement-breakpoint
CREATE TABLE "qa_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"determination_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"agrees" boolean NOT NULL,
	"disagreements" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qa_reviews_determination_id_unique" UNIQUE("determination_id")
);
--> statement-breakpoint
ALTER TABLE "determinations" ADD COLUMN "automation" jsonb;--> statement-breakpoint
ALTER TABLE "determinations" ADD COLUMN "qa_sampled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "automated_approval" jsonb DEFAULT '{"trial":[],"implant":[]}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "qa_sample_percent" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_determination_id_determinations_id_fk" FOREIGN KEY ("determination_id") REFERENCES "public"."determinations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A quality review is written once and never changed (like the determination it reviews).
CREATE TRIGGER qa_reviews_append_only BEFORE UPDATE OR DELETE ON qa_reviews
  FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER qa_reviews_no_truncate BEFORE TRUNCATE ON qa_reviews
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
