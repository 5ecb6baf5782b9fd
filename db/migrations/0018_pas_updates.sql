CREATE TABLE "pas_updates" (
	"organization_id" uuid NOT NULL,
	"identifier" text NOT NULL,
	"case_id" uuid NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pas_updates_organization_id_identifier_pk" PRIMARY KEY("organization_id","identifier")
);
--> statement-breakpoint
ALTER TABLE "pas_updates" ADD CONSTRAINT "pas_updates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pas_updates" ADD CONSTRAINT "pas_updates_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;