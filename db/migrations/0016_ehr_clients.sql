CREATE TABLE "ehr_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"client_id" text NOT NULL,
	"jwks_url" text,
	"jwks" jsonb,
	"cds_hooks_issuer" text,
	"scopes" jsonb NOT NULL,
	"acting_user_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "ehr_clients_client_id_unique" UNIQUE("client_id"),
	CONSTRAINT "ehr_clients_cds_hooks_issuer_unique" UNIQUE("cds_hooks_issuer")
);
--> statement-breakpoint
CREATE TABLE "used_jwt_ids" (
	"issuer" text NOT NULL,
	"jti" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "used_jwt_ids_issuer_jti_pk" PRIMARY KEY("issuer","jti")
);
--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "allow_api_keys_on_fhir" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "ehr_clients" ADD CONSTRAINT "ehr_clients_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ehr_clients" ADD CONSTRAINT "ehr_clients_acting_user_id_users_id_fk" FOREIGN KEY ("acting_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ehr_clients" ADD CONSTRAINT "ehr_clients_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ehr_clients" ADD CONSTRAINT "ehr_clients_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ehr_clients_org_idx" ON "ehr_clients" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "used_jwt_ids_expiry_idx" ON "used_jwt_ids" USING btree ("expires_at");