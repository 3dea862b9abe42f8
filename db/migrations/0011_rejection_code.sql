ALTER TABLE "matches" ADD COLUMN "rejection_code" text;--> statement-breakpoint
UPDATE "matches" SET "rejection_code" = 'other' WHERE "status" = 'rejected';
