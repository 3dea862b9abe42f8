CREATE TABLE "match_members" (
	"match_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"role" text NOT NULL,
	"response" text DEFAULT 'pending' NOT NULL,
	"response_reason" text,
	"responded_by" uuid,
	"responded_at" timestamp with time zone,
	CONSTRAINT "match_members_match_id_posting_id_pk" PRIMARY KEY("match_id","posting_id")
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"member_key" text NOT NULL,
	"score" integer NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"source" text DEFAULT 'engine' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"withdrawn_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matches_member_key_unique" UNIQUE("member_key")
);
--> statement-breakpoint
CREATE TABLE "matching_queue" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"posting_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "matching_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "posting_match_keys" (
	"posting_id" uuid PRIMARY KEY NOT NULL,
	"cluster_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"mode" text NOT NULL,
	"poolable" boolean NOT NULL,
	"concepts" text[] DEFAULT '{}'::text[] NOT NULL,
	"anchors" text[] DEFAULT '{}'::text[] NOT NULL,
	"programme_key" text,
	"funder_key" text,
	"region" text,
	"start_date" date,
	"end_date" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "match_members" ADD CONSTRAINT "match_members_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_members" ADD CONSTRAINT "match_members_posting_id_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."postings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_members" ADD CONSTRAINT "match_members_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posting_match_keys" ADD CONSTRAINT "posting_match_keys_posting_id_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."postings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "match_members_posting_idx" ON "match_members" USING btree ("posting_id");--> statement-breakpoint
CREATE INDEX "matches_status_score_idx" ON "matches" USING btree ("status","score");--> statement-breakpoint
CREATE INDEX "matches_created_idx" ON "matches" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "matching_queue_posting_idx" ON "matching_queue" USING btree ("posting_id");--> statement-breakpoint
CREATE INDEX "pmk_concepts_idx" ON "posting_match_keys" USING gin ("concepts");--> statement-breakpoint
CREATE INDEX "pmk_anchors_idx" ON "posting_match_keys" USING gin ("anchors");--> statement-breakpoint
CREATE INDEX "pmk_mode_kind_idx" ON "posting_match_keys" USING btree ("mode","kind");--> statement-breakpoint
CREATE INDEX "pmk_funder_idx" ON "posting_match_keys" USING btree ("funder_key");