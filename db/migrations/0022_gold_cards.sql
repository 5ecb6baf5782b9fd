CREATE TABLE "gold_cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"window_from" timestamp with time zone NOT NULL,
	"window_to" timestamp with time zone NOT NULL,
	"decided" integer NOT NULL,
	"approved" integer NOT NULL,
	"approval_rate" text NOT NULL,
	"threshold_percent" integer NOT NULL,
	"minimum_decided" integer NOT NULL,
	"window_months" integer NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" uuid,
	"end_reason" text
);
--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "gold_card_window_months" integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "gold_card_minimum_decided" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "gold_card_threshold_percent" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "gold_card_last_evaluated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gold_cards" ADD CONSTRAINT "gold_cards_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gold_cards" ADD CONSTRAINT "gold_cards_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gold_cards_one_active" ON "gold_cards" USING btree ("organization_id") WHERE "gold_cards"."status" = 'active';--> statement-breakpoint
CREATE INDEX "gold_cards_org_idx" ON "gold_cards" USING btree ("organization_id","granted_at");--> statement-breakpoint
-- A gold card keeps the figures that justified it: it is ended once (active -> revoked or
-- withdrawn, with when, by whom and why) and otherwise never changed or deleted.
CREATE OR REPLACE FUNCTION gold_card_end_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'active' OR NEW.status NOT IN ('revoked', 'withdrawn')
     OR NEW.ended_at IS NULL OR NEW.end_reason IS NULL
     OR (NEW.id, NEW.organization_id, NEW.granted_at, NEW.window_from, NEW.window_to, NEW.decided, NEW.approved,
         NEW.approval_rate, NEW.threshold_percent, NEW.minimum_decided, NEW.window_months)
        IS DISTINCT FROM
        (OLD.id, OLD.organization_id, OLD.granted_at, OLD.window_from, OLD.window_to, OLD.decided, OLD.approved,
         OLD.approval_rate, OLD.threshold_percent, OLD.minimum_decided, OLD.window_months) THEN
    RAISE EXCEPTION 'gold_cards: a card is only ever ended once (active to revoked or withdrawn, with its time and reason)';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER gold_cards_end_only BEFORE UPDATE ON gold_cards
  FOR EACH ROW EXECUTE FUNCTION gold_card_end_only();
--> statement-breakpoint
CREATE TRIGGER gold_cards_no_delete BEFORE DELETE ON gold_cards
  FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER gold_cards_no_truncate BEFORE TRUNCATE ON gold_cards
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
