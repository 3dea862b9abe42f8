-- Reasons are stored compact, as json text: [code, weight] or [code, weight, detail] (see db/schema-matching.ts).
CREATE FUNCTION "maillage_compact_reasons"(r jsonb) RETURNS json LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(json_agg(CASE WHEN e ? 'detail' THEN json_build_array(e->'code', e->'weight', e->'detail') ELSE json_build_array(e->'code', e->'weight') END ORDER BY n), '[]'::json)
  FROM jsonb_array_elements(r) WITH ORDINALITY AS t(e, n)
$$;--> statement-breakpoint
ALTER TABLE "matches" ALTER COLUMN "reasons" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "matches" ALTER COLUMN "reasons" SET DATA TYPE json USING "maillage_compact_reasons"("reasons");--> statement-breakpoint
ALTER TABLE "matches" ALTER COLUMN "reasons" SET DEFAULT '[]'::json;--> statement-breakpoint
DROP FUNCTION "maillage_compact_reasons"(jsonb);
