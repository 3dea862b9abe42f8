DROP INDEX "pmk_funder_idx";--> statement-breakpoint
ALTER TABLE "posting_match_keys" DROP COLUMN "funder_key";--> statement-breakpoint
-- Joint grants are now blocked by programme list (grant_key), which only the engine computes: ask
-- for a full batch, which re-keys them (the scheduler runs it at its next poll).
INSERT INTO "matching_runs" ("kind", "started_at", "finished_at")
  SELECT 'batch_request', now(), now() WHERE EXISTS (SELECT 1 FROM "posting_match_keys" WHERE "mode" = 'grant');
