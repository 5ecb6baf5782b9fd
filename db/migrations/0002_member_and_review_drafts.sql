CREATE TABLE "review_drafts" (
	"case_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"content" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_drafts_case_id_reviewer_id_pk" PRIMARY KEY("case_id","reviewer_id")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "member_id" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "member_name" text;--> statement-breakpoint
ALTER TABLE "review_drafts" ADD CONSTRAINT "review_drafts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_drafts" ADD CONSTRAINT "review_drafts_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;