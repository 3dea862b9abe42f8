CREATE TABLE "application_comments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"label" text NOT NULL,
	"url" text NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_members" (
	"application_id" uuid NOT NULL,
	"cluster_id" uuid NOT NULL,
	"role" text DEFAULT '' NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "application_members_application_id_cluster_id_pk" PRIMARY KEY("application_id","cluster_id")
);
--> statement-breakpoint
CREATE TABLE "application_reminders" (
	"application_id" uuid NOT NULL,
	"deadline" date NOT NULL,
	"days_before" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "application_reminders_application_id_deadline_days_before_pk" PRIMARY KEY("application_id","deadline","days_before")
);
--> statement-breakpoint
CREATE TABLE "application_stage_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by_user_id" uuid,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "joint_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid,
	"programme_text" text,
	"call_id" uuid,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"lead_cluster_id" uuid NOT NULL,
	"amount_requested" numeric(14, 2),
	"amount_awarded" numeric(14, 2),
	"cofinancing_public" numeric(14, 2),
	"cofinancing_clusters" numeric(14, 2),
	"cofinancing_firms" numeric(14, 2),
	"stage" text DEFAULT 'idea' NOT NULL,
	"stage_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline" date,
	"source_match_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"external_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "joint_applications_external_ref_unique" UNIQUE("external_ref"),
	CONSTRAINT "joint_applications_programme_check" CHECK ("joint_applications"."programme_id" is not null or "joint_applications"."programme_text" is not null),
	CONSTRAINT "joint_applications_amounts_check" CHECK (coalesce("joint_applications"."amount_requested", 0) >= 0 and coalesce("joint_applications"."amount_awarded", 0) >= 0 and coalesce("joint_applications"."cofinancing_public", 0) >= 0 and coalesce("joint_applications"."cofinancing_clusters", 0) >= 0 and coalesce("joint_applications"."cofinancing_firms", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "programme_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"label_fr" text NOT NULL,
	"label_en" text NOT NULL,
	"deadline" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"funder_id" uuid NOT NULL,
	"name_fr" text NOT NULL,
	"name_en" text NOT NULL,
	"description_fr" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"website" text,
	"envelope" numeric(14, 2) NOT NULL,
	"max_per_project" numeric(14, 2),
	"min_partners" integer DEFAULT 2 NOT NULL,
	"eligible_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"external_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programmes_external_ref_unique" UNIQUE("external_ref"),
	CONSTRAINT "programmes_amounts_check" CHECK ("programmes"."envelope" >= 0 and ("programmes"."max_per_project" is null or "programmes"."max_per_project" > 0) and "programmes"."min_partners" >= 1)
);
--> statement-breakpoint
ALTER TABLE "application_comments" ADD CONSTRAINT "application_comments_application_id_joint_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."joint_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_comments" ADD CONSTRAINT "application_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_documents" ADD CONSTRAINT "application_documents_application_id_joint_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."joint_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_documents" ADD CONSTRAINT "application_documents_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_members" ADD CONSTRAINT "application_members_application_id_joint_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."joint_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_members" ADD CONSTRAINT "application_members_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_reminders" ADD CONSTRAINT "application_reminders_application_id_joint_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."joint_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_stage_changes" ADD CONSTRAINT "application_stage_changes_application_id_joint_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."joint_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_stage_changes" ADD CONSTRAINT "application_stage_changes_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_applications" ADD CONSTRAINT "joint_applications_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_applications" ADD CONSTRAINT "joint_applications_call_id_programme_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."programme_calls"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_applications" ADD CONSTRAINT "joint_applications_lead_cluster_id_clusters_id_fk" FOREIGN KEY ("lead_cluster_id") REFERENCES "public"."clusters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_applications" ADD CONSTRAINT "joint_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_calls" ADD CONSTRAINT "programme_calls_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programmes" ADD CONSTRAINT "programmes_funder_id_funders_id_fk" FOREIGN KEY ("funder_id") REFERENCES "public"."funders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_comments_app_idx" ON "application_comments" USING btree ("application_id","created_at");--> statement-breakpoint
CREATE INDEX "application_documents_app_idx" ON "application_documents" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "application_members_cluster_idx" ON "application_members" USING btree ("cluster_id");--> statement-breakpoint
CREATE INDEX "application_stage_changes_app_idx" ON "application_stage_changes" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "joint_applications_programme_idx" ON "joint_applications" USING btree ("programme_id","stage");--> statement-breakpoint
CREATE INDEX "joint_applications_lead_idx" ON "joint_applications" USING btree ("lead_cluster_id");--> statement-breakpoint
CREATE INDEX "joint_applications_deadline_idx" ON "joint_applications" USING btree ("deadline");--> statement-breakpoint
CREATE INDEX "joint_applications_created_idx" ON "joint_applications" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "joint_applications_source_match_idx" ON "joint_applications" USING btree ("source_match_id") WHERE "joint_applications"."source_match_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "programme_calls_programme_deadline_idx" ON "programme_calls" USING btree ("programme_id","deadline");--> statement-breakpoint
CREATE INDEX "programme_calls_deadline_idx" ON "programme_calls" USING btree ("deadline");--> statement-breakpoint
CREATE INDEX "programmes_funder_idx" ON "programmes" USING btree ("funder_id","active");