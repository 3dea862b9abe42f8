ALTER TABLE "postings" ALTER COLUMN "kind" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "postings" ALTER COLUMN "category" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "posting_imports" ADD COLUMN "file_hash" text;--> statement-breakpoint
ALTER TABLE "postings" ADD COLUMN "budget_basis" text;--> statement-breakpoint
ALTER TABLE "postings" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "postings" ADD COLUMN "close_reason" text;--> statement-breakpoint
CREATE INDEX "posting_imports_hash_idx" ON "posting_imports" USING btree ("file_hash","status");