CREATE TABLE "published_metrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"figures" jsonb NOT NULL,
	"minimum_group_size" integer NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid NOT NULL,
	"reason" text
);
--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "metrics_minimum_group_size" integer DEFAULT 11 NOT NULL;--> statement-breakpoint
ALTER TABLE "published_metrics" ADD CONSTRAINT "published_metrics_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "published_metrics_year_version" ON "published_metrics" USING btree ("year","version");--> statement-breakpoint
-- A published version is never changed or deleted: a year changes only by a new version.
CREATE TRIGGER published_metrics_append_only BEFORE UPDATE OR DELETE ON published_metrics
  FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER published_metrics_no_truncate BEFORE TRUNCATE ON published_metrics
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
