CREATE TABLE "lexicon_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"entry_id" bigint,
	"kind" text NOT NULL,
	"term_a" text NOT NULL,
	"term_b" text NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lexicon_history_version_unique" UNIQUE("version")
);
--> statement-breakpoint
ALTER TABLE "lexicon_history" ADD CONSTRAINT "lexicon_history_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lexicon_history_entry_idx" ON "lexicon_history" USING btree ("entry_id");