DROP INDEX "pmk_concepts_idx";--> statement-breakpoint
DROP INDEX "pmk_anchors_idx";--> statement-breakpoint
CREATE INDEX "pmk_concepts_idx" ON "posting_match_keys" USING gin ("concepts") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "pmk_anchors_idx" ON "posting_match_keys" USING gin ("anchors") WITH (fastupdate=false);