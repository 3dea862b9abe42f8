-- Data migration (hand-written): the basis of existing budgets, derived from their unit exactly as the
-- interchange format defines it (shared/design/postings-format.md): for capacities the amount is a
-- price per unit (per desk or m² per month, per seat, per licence, per hour, per day, per unit, per
-- guest); without a unit, or with a unit the format does not list, it is a total.
UPDATE "postings" SET "budget_basis" = CASE "unit"
  WHEN 'desks' THEN 'per_desk_month'
  WHEN 'm2' THEN 'per_m2_month'
  WHEN 'seats' THEN 'per_seat'
  WHEN 'licences' THEN 'per_licence'
  WHEN 'hours' THEN 'per_hour'
  WHEN 'hours_per_month' THEN 'per_hour'
  WHEN 'days' THEN 'per_day'
  WHEN 'units' THEN 'per_unit'
  WHEN 'laptops' THEN 'per_unit'
  WHEN 'guests' THEN 'per_guest'
  WHEN 'spaces' THEN 'per_unit'
  ELSE 'total'
END
WHERE "budget_max" IS NOT NULL AND "budget_basis" IS NULL;
--> statement-breakpoint
-- Postings closed before closing was recorded: their last change is when they were closed (the 30-day
-- reopening window starts there). Their reason is unknown and stays null.
UPDATE "postings" SET "closed_at" = "updated_at" WHERE "status" = 'closed' AND "closed_at" IS NULL;
