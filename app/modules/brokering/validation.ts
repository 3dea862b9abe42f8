/**
 * The brokering forms, as zod schemas whose messages are dictionary keys (shown next to the field).
 */
import { z } from "zod";
import { PROPOSAL_NOTICE_MODES, REJECTION_CODES } from "@db/schema";
import { NOTE_MAX, TEMPLATE_MAX, templateProblems } from "./templates";

export const REASON_MAX = 2000;
export const SUMMARY_MAX = 4000;
/** The largest amount accepted (CAD or kg): far above anything real, below numeric(14,2)'s limit. */
export const AMOUNT_MAX = 1_000_000_000;

const text = (max: number) => z.string().max(max);
const required = (max: number) => z.string({ required_error: "error.required" }).min(1, "error.required").max(max);

/** A template must only use the known placeholders. */
const template = required(TEMPLATE_MAX).superRefine((v, ctx) => {
  const problems = templateProblems(v);
  if (problems.length) ctx.addIssue({ code: "custom", message: "brokering.error.templatePlaceholder" });
});

/** A non-negative amount as people type it: "1 500,50", "1500.5", "0". */
export const amount = z
  .string({ required_error: "error.required" })
  .transform((s, ctx) => {
    const n = Number(s.replace(/[\s\u00a0\u202f$]/g, "").replace(",", "."));
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: "error.number" });
      return z.NEVER;
    }
    return n;
  })
  .pipe(z.number().min(0, "brokering.error.negative").max(AMOUNT_MAX, "error.tooBig"));

const count = z
  .string()
  .transform((s, ctx) => {
    const n = Number(s.replace(/[\s\u00a0\u202f]/g, ""));
    if (!Number.isInteger(n)) {
      ctx.addIssue({ code: "custom", message: "brokering.error.wholeNumber" });
      return z.NEVER;
    }
    return n;
  })
  .pipe(z.number().min(0, "brokering.error.negative").max(100_000, "error.tooBig"));

export const approveSchema = z.object({
  intent: z.literal("approve"),
  note: text(NOTE_MAX).optional(),
  templateFr: template,
  templateEn: template,
});

/** A rejection says why (a code the engine learns from); a note is required only for "other". */
export const rejectSchema = z
  .object({
    intent: z.literal("reject"),
    code: z.enum(REJECTION_CODES, { required_error: "brokering.error.rejectionCodeRequired", invalid_type_error: "brokering.error.rejectionCodeRequired" }),
    reason: text(REASON_MAX).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.code === "other" && (v.reason ?? "").trim().length < 3) ctx.addIssue({ code: "custom", path: ["reason"], message: "brokering.error.reasonRequired" });
  });

export const deferSchema = z.object({ intent: z.literal("defer"), note: text(REASON_MAX).optional() });
export const reopenSchema = z.object({ intent: z.literal("reopen"), note: text(REASON_MAX).optional() });

export const respondSchema = z.discriminatedUnion("response", [
  z.object({ intent: z.literal("respond"), response: z.literal("interested") }),
  z.object({
    intent: z.literal("respond"),
    response: z.literal("not_interested"),
    reason: z.string({ required_error: "brokering.error.reasonRequired" }).min(3, "brokering.error.reasonRequired").max(REASON_MAX),
  }),
]);

export const outcomeSchema = z.discriminatedUnion("outcome", [
  z.object({
    intent: z.literal("outcome"),
    outcome: z.literal("concluded"),
    savingsCad: amount,
    ghgAvoidedKg: amount,
    participants: count.optional(),
    summary: required(SUMMARY_MAX),
  }),
  z.object({
    intent: z.literal("outcome"),
    outcome: z.literal("abandoned"),
    reason: z.string({ required_error: "brokering.error.reasonRequired" }).min(3, "brokering.error.reasonRequired").max(REASON_MAX),
  }),
]);

export const manualSchema = z.object({
  intent: z.literal("create"),
  ids: z.array(z.string().uuid("error.invalid")).min(2, "brokering.error.manualTooFew").max(6, "brokering.error.manualTooMany"),
  note: text(REASON_MAX).optional(),
});

export const preferencesSchema = z.object({ intent: z.literal("preferences"), proposalNotices: z.enum(PROPOSAL_NOTICE_MODES) });

const intIn = (min: number, max: number) =>
  z
    .string({ required_error: "error.required" })
    .transform((s, ctx) => {
      const n = Number(s);
      if (!Number.isInteger(n)) {
        ctx.addIssue({ code: "custom", message: "brokering.error.wholeNumber" });
        return z.NEVER;
      }
      return n;
    })
    .pipe(z.number().min(min).max(max));

export const networkSettingsSchema = z.object({
  intent: z.literal("network"),
  reminderDays: intIn(0, 60),
  digestHour: intIn(0, 23),
  threshold: intIn(0, 100),
  templateFr: template,
  templateEn: template,
});
