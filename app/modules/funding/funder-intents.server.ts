/**
 * The funder's forms (receipt, decision, re-opening, milestones) as the pages post them: one parser
 * and dispatcher for both pages that show them — the funder's (/pipeline/applications/$id) and the
 * consortium's (/funding/applications/$id, where the coordination records for a funder with no
 * account). The module functions check who may; this only reads the form.
 */
import { z } from "zod";
import type { Actor } from "~/modules/auth/permissions";
import type { FieldErrors, Result } from "~/modules/result";
import { parseFormData, type FormValues } from "~/modules/validation/form.server";
import { addMilestone, completeMilestone, markUnderReview, recordDecision, removeMilestone, reopenDecision } from "./application-decisions.server";
import type { DecideIntent } from "./funder-intents";
import { decisionSchema, milestoneDoneSchema, milestoneSchema, reopenSchema, reviewSchema } from "./validation";


const milestoneIdSchema = z.object({ milestoneId: z.string().uuid("error.invalid") });

export type DecideOutcome = { parsed: false; errors: FieldErrors; values: FormValues } | { parsed: true; result: Result<unknown>; values: FormValues };

/** Parse the form of `intent` and run it for `actor` on application `id`. */
export async function runDecideIntent(actor: Actor, id: string, intent: DecideIntent, form: FormData): Promise<DecideOutcome> {
  const run = async <S extends z.ZodTypeAny>(schema: S, write: (data: z.infer<S>) => Promise<Result<unknown>>): Promise<DecideOutcome> => {
    const p = parseFormData(form, schema);
    return p.ok ? { parsed: true, result: await write(p.data), values: p.values } : { parsed: false, errors: p.errors, values: p.values };
  };
  switch (intent) {
    case "review":
      return run(reviewSchema, (d) => markUnderReview(actor, id, d));
    case "decide":
      return run(decisionSchema, (d) => recordDecision(actor, id, d));
    case "reopen":
      return run(reopenSchema, (d) => reopenDecision(actor, id, d));
    case "addMilestone":
      return run(milestoneSchema, (d) => addMilestone(actor, id, d));
    case "completeMilestone":
      return run(milestoneDoneSchema, (d) => completeMilestone(actor, id, d.milestoneId, d));
    case "removeMilestone":
      return run(milestoneIdSchema, (d) => removeMilestone(actor, id, d.milestoneId));
  }
}
