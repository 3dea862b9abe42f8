ALTER TABLE "posting_match_keys" ADD COLUMN "grant_key" text;--> statement-breakpoint
CREATE INDEX "pmk_grant_idx" ON "posting_match_keys" USING btree ("grant_key");