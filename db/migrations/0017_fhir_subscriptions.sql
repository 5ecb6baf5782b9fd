CREATE TABLE "fhir_subscription_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"outbox_id" uuid NOT NULL,
	"notification_type" text NOT NULL,
	"event_number" bigint,
	"attempt" integer NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fhir_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"created_via" jsonb,
	"created_by" uuid NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"filter_org_identifiers" jsonb NOT NULL,
	"endpoint" text NOT NULL,
	"headers_sealed" text,
	"header_names" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"content" text NOT NULL,
	"heartbeat_seconds" integer,
	"timeout_seconds" integer DEFAULT 10 NOT NULL,
	"reason" text,
	"end_at" timestamp with time zone,
	"event_count" bigint DEFAULT 0 NOT NULL,
	"last_sent_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "fhir_subscription_deliveries" ADD CONSTRAINT "fhir_subscription_deliveries_subscription_id_fhir_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."fhir_subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_subscriptions" ADD CONSTRAINT "fhir_subscriptions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_subscriptions" ADD CONSTRAINT "fhir_subscriptions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fhir_subscription_deliveries_sub_idx" ON "fhir_subscription_deliveries" USING btree ("subscription_id","at");--> statement-breakpoint
CREATE INDEX "fhir_subscriptions_org_idx" ON "fhir_subscriptions" USING btree ("organization_id","status");