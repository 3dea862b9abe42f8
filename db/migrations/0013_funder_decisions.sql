CREATE TABLE "application_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"amount" numeric(14, 2),
	"conditions" text,
	"reason" text,
	"decided_by" uuid,
	"on_behalf" boolean DEFAULT false NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_decisions_outcome_check" CHECK (("funding_decisions"."outcome" = 'awarded' and "funding_decisions"."amount" is not null and "funding_decisions"."amount" > 0) or ("funding_decisions"."outcome" = 'refused' and "funding_decisions"."amount" is null and "funding_decisions"."reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "milestone_reminders" (
	"milestone_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"days_before" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "milestone_reminders_milestone_id_due_on_days_before_pk" PRIMARY KEY("milestone_id","due_on","days_before")
);
--> statement-breakpoint
ALTER TABLE "application_comments" ADD COLUMN "audience" text DEFAULT 'consortium' NOT NULL;--> statement-breakpoint
ALTER TABLE "application_milestones" ADD CONSTRAINT "application_milestones_application_id_joint_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."joint_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_milestones" ADD CONSTRAINT "application_milestones_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_decisions" ADD CONSTRAINT "funding_decisions_application_id_joint_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."joint_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_decisions" ADD CONSTRAINT "funding_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_reminders" ADD CONSTRAINT "milestone_reminders_milestone_id_application_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."application_milestones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_milestones_app_idx" ON "application_milestones" USING btree ("application_id","due_on");--> statement-breakpoint
CREATE INDEX "application_milestones_due_idx" ON "application_milestones" USING btree ("due_on");--> statement-breakpoint
CREATE INDEX "funding_decisions_app_idx" ON "funding_decisions" USING btree ("application_id","decided_at");--> statement-breakpoint
CREATE INDEX "funding_decisions_decided_idx" ON "funding_decisions" USING btree ("decided_at");--> statement-breakpoint
-- Data: no foreign key was there before; forget origins that point to no match.
UPDATE "joint_applications" SET "source_match_id" = NULL WHERE "source_match_id" IS NOT NULL AND "source_match_id" NOT IN (SELECT "id" FROM "matches");--> statement-breakpoint
ALTER TABLE "joint_applications" ADD CONSTRAINT "joint_applications_source_match_id_matches_id_fk" FOREIGN KEY ("source_match_id") REFERENCES "public"."matches"("id") ON DELETE set null ON UPDATE no action;