CREATE TABLE "brokering_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"proposal_notices" text DEFAULT 'immediate' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "brokering_sends" (
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brokering_sends_kind_key_pk" PRIMARY KEY("kind","key")
);
--> statement-breakpoint
CREATE TABLE "introductions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"match_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"locale" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "match_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"match_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"posting_id" uuid,
	"from_status" text,
	"to_status" text,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "match_outcomes" (
	"match_id" uuid PRIMARY KEY NOT NULL,
	"outcome" text NOT NULL,
	"savings_cad" numeric(14, 2),
	"ghg_avoided_kg" numeric(14, 2),
	"participants" integer,
	"summary" text,
	"abandon_reason" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_outcomes_amounts_check" CHECK (coalesce("match_outcomes"."savings_cad", 0) >= 0 and coalesce("match_outcomes"."ghg_avoided_kg", 0) >= 0 and coalesce("match_outcomes"."participants", 0) >= 0),
	CONSTRAINT "match_outcomes_kind_check" CHECK (("match_outcomes"."outcome" = 'abandoned' and "match_outcomes"."abandon_reason" is not null) or ("match_outcomes"."outcome" = 'concluded' and "match_outcomes"."summary" is not null))
);
--> statement-breakpoint
ALTER TABLE "brokering_preferences" ADD CONSTRAINT "brokering_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "introductions" ADD CONSTRAINT "introductions_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "introductions" ADD CONSTRAINT "introductions_posting_id_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."postings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "introductions" ADD CONSTRAINT "introductions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_events" ADD CONSTRAINT "match_events_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_events" ADD CONSTRAINT "match_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_events" ADD CONSTRAINT "match_events_posting_id_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."postings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_outcomes" ADD CONSTRAINT "match_outcomes_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_outcomes" ADD CONSTRAINT "match_outcomes_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "brokering_sends_sent_idx" ON "brokering_sends" USING btree ("kind","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "introductions_match_email_idx" ON "introductions" USING btree ("match_id",lower("email"));--> statement-breakpoint
CREATE INDEX "introductions_posting_idx" ON "introductions" USING btree ("posting_id");--> statement-breakpoint
CREATE INDEX "match_events_match_idx" ON "match_events" USING btree ("match_id","at");--> statement-breakpoint
CREATE INDEX "match_events_kind_idx" ON "match_events" USING btree ("kind","at");--> statement-breakpoint
CREATE INDEX "match_outcomes_recorded_idx" ON "match_outcomes" USING btree ("recorded_at");