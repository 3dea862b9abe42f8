CREATE TABLE "posting_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_by" uuid NOT NULL,
	"format" text NOT NULL,
	"file_name" text DEFAULT '' NOT NULL,
	"row_count" integer NOT NULL,
	"rows" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "postings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cluster_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" text DEFAULT 'fr' NOT NULL,
	"region" text,
	"start_date" date,
	"end_date" date,
	"quantity" numeric(14, 2),
	"unit" text,
	"budget_max" numeric(14, 2),
	"programme" text,
	"deadline" date,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sd_axes" text[] DEFAULT '{}'::text[] NOT NULL,
	"visibility" text DEFAULT 'network' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"contact_user_id" uuid,
	"created_by" uuid,
	"external_ref" text,
	"search_text" text DEFAULT '' NOT NULL,
	"search_terms" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "postings_external_ref_unique" UNIQUE("external_ref")
);
--> statement-breakpoint
ALTER TABLE "posting_imports" ADD CONSTRAINT "posting_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_contact_user_id_users_id_fk" FOREIGN KEY ("contact_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "postings_search_trgm_idx" ON "postings" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "postings_search_terms_idx" ON "postings" USING gin ("search_terms");--> statement-breakpoint
CREATE INDEX "postings_status_idx" ON "postings" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "postings_cluster_idx" ON "postings" USING btree ("cluster_id","status");--> statement-breakpoint
CREATE INDEX "postings_category_kind_idx" ON "postings" USING btree ("category","kind");--> statement-breakpoint
CREATE INDEX "postings_region_idx" ON "postings" USING btree ("region");--> statement-breakpoint
CREATE INDEX "postings_created_idx" ON "postings" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "postings_dates_idx" ON "postings" USING btree ("start_date","end_date");