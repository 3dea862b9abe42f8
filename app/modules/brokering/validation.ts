/**
 * The brokering forms, as zod schemas whose messages are dictionary keys (shown next to the field).
 */
import { z } from "zod";
import { isIsoDate, serialIdField } from "~/modules/validation/input";
import { PROPOSAL_NOTICE_MODES, REJECTION_CODES } from "@db/schema";
import { DEFER_MAX_DAYS, EXPIRY_DAYS_MAX, NOTE_BODY_MAX, REMINDER_DAYS_MAX } from "./constants";
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
    const typed = s.replace(/[\s\u00a0\u202f$]/g, "").replace(",", ".");
    const n = /^-?\d{1,15}(\.\d{1,6})?$/.test(typed) ? Number(typed) : NaN;
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: "error.number" });
      return z.NEVER;
    }
    return n;
  })
  .pipe(z.number().min(0, "brokering.error.negative").max(AMOUNT_MAX, "error.tooBig"));

/** A whole number as people type it ("1 500"), within [min, max]; `below` is the message under `min`. */
const wholeNumber = (min: number, max: number, below?: string) =>
  z
    .string({ required_error: "error.required" })
    .transform((s, ctx) => {
      const digits = s.replace(/[\s\u00a0\u202f]/g, "");
      const n = /^-?\d{1,15}$/.test(digits) ? Number(digits) : NaN;
      if (!Number.isInteger(n)) {
        ctx.addIssue({ code: "custom", message: "brokering.error.wholeNumber" });
        return z.NEVER;
      }
      return n;
    })
    .pipe(z.number().min(min, below).max(max, "error.tooBig"));

const count = wholeNumber(0, 100_000, "brokering.error.negative");

export const approveSchema = z.object({
  intent: z.literal("approve"),
  note: text(NOTE_MAX).optional(),
  templateFr: template,
  templateEn: template,
  version: serialIdField().optional(),
  overlap: z.literal("accept").optional(),
});

/** A rejection says why (a code the engine learns from); a note is required only for "other". */
export const rejectSchema = z
  .object({
    intent: z.literal("reject"),
    code: z.enum(REJECTION_CODES, { required_error: "brokering.error.rejectionCodeRequired", invalid_type_error: "brokering.error.rejectionCodeRequired" }),
    reason: text(REASON_MAX).optional(),
    version: serialIdField().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.code === "other" && (v.reason ?? "").trim().length < 3) ctx.addIssue({ code: "custom", path: ["reason"], message: "brokering.error.reasonRequired" });
  });

const DAY = 86_400_000;

/**
 * When a deferred match comes back: a day (YYYY-MM-DD) after today and within a year. It is back from
 * the start of that day in Québec (05:00 UTC is midnight in winter, 1 a.m. in summer).
 */
export const deferUntil = z
  .string({ required_error: "error.required" })
  .refine(isIsoDate, "error.date")
  .transform((s, ctx) => {
    const d = new Date(`${s}T05:00:00Z`);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "error.date" });
      return z.NEVER;
    }
    return d;
  })
  .refine((d) => d.getTime() > Date.now(), "coordination.error.deferPast")
  .refine((d) => d.getTime() <= Date.now() + DEFER_MAX_DAYS * DAY, "coordination.error.deferTooFar");

/** The list's choice: in so many days. */
export const deferDays = z.coerce.number({ invalid_type_error: "error.choice" }).int("error.choice").min(1, "error.choice").max(DEFER_MAX_DAYS, "error.choice");

/** Defer until a date; from the list, in a number of days instead (either may be given, the date wins). */
export const deferSchema = z
  .object({ intent: z.literal("defer"), note: text(REASON_MAX).optional(), until: deferUntil.optional(), days: deferDays.optional(), version: serialIdField().optional() })
  .transform((v) => ({ ...v, until: v.until ?? (v.days ? new Date(Date.now() + v.days * DAY) : undefined) }));
/** The version of a match the coordinator decided on (optimistic check). */
const version = serialIdField().optional();

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

const intIn = (min: number, max: number) => wholeNumber(min, max);

/**
 * The network's settings. Reminders: 0 turns them off, never negative. Expiry: at least one day (zero or
 * negative would close every introduction at once), and after the first reminder when reminders are on.
 */
export const networkSettingsSchema = z
  .object({
    intent: z.literal("network"),
    reminderDays: wholeNumber(0, REMINDER_DAYS_MAX, "brokering.error.negative"),
    expiryDays: wholeNumber(1, EXPIRY_DAYS_MAX, "coordination.error.expiryPositive"),
    digestHour: intIn(0, 23),
    threshold: intIn(0, 100),
    templateFr: template,
    templateEn: template,
  })
  .superRefine((v, ctx) => {
    if (v.reminderDays > 0 && v.expiryDays <= v.reminderDays) ctx.addIssue({ code: "custom", path: ["expiryDays"], message: "coordination.error.expiryBeforeReminder" });
  });

/** A coordinator's note on a match. */
export const noteSchema = z.object({ intent: z.literal("note"), body: required(NOTE_BODY_MAX) });

/** Fold a proposal into a live introduction. */
export const mergeSchema = z.object({ intent: z.literal("merge"), target: z.string().uuid("error.invalid"), version, note: text(NOTE_MAX).optional() });

/** Several matches at once: `ids[]` as "id:version" (the version seen in the list). */
const bulkIds = z
  .array(z.string().regex(/^[0-9a-f-]{36}(:\d+)?$/i, "error.invalid"), { required_error: "coordination.error.bulkNone" })
  .min(1, "coordination.error.bulkNone")
  .transform((list) => list.map((s) => ({ id: s.slice(0, 36), version: s.length > 37 ? Number(s.slice(37)) : undefined })));

export const BULK_DECISIONS = ["approve", "reject", "defer"] as const;

/** What the list decides, however it was asked: one decision, on these matches. */
export interface ListDecision {
  decision: (typeof BULK_DECISIONS)[number];
  ids: { id: string; version?: number }[];
  code?: (typeof REJECTION_CODES)[number];
  reason?: string;
  until: Date;
}

const rejectionRules = (v: { decision: string; code?: string; reason?: string }, ctx: z.RefinementCtx) => {
  if (v.decision === "reject" && !v.code) ctx.addIssue({ code: "custom", path: ["code"], message: "brokering.error.rejectionCodeRequired" });
  if (v.decision === "reject" && v.code === "other" && (v.reason ?? "").trim().length < 3) ctx.addIssue({ code: "custom", path: ["reason"], message: "brokering.error.reasonRequired" });
};
const untilOf = (days: number | undefined, until: Date | undefined) => until ?? new Date(Date.now() + (days ?? 7) * DAY);

/** The selected matches and one decision: a rejection needs its code (and a note for "other"), a deferral its delay. */
export const bulkSchema = z
  .object({
    intent: z.literal("bulk"),
    decision: z.enum(BULK_DECISIONS, { required_error: "coordination.error.bulkDecision", invalid_type_error: "coordination.error.bulkDecision" }),
    ids: bulkIds,
    code: z.enum(REJECTION_CODES, { invalid_type_error: "brokering.error.rejectionCodeRequired" }).optional(),
    reason: text(REASON_MAX).optional(),
    days: deferDays.optional(),
  })
  .superRefine(rejectionRules)
  .transform((v): ListDecision => ({ decision: v.decision, ids: v.ids, code: v.code, reason: v.reason, until: untilOf(v.days, undefined) }));

/** One match decided from the list (`intent` is the decision). */
export const quickDecisionSchema = z
  .object({
    intent: z.enum(BULK_DECISIONS, { required_error: "error.choice", invalid_type_error: "error.choice" }),
    id: z.string({ required_error: "error.required" }).uuid("error.invalid"),
    version,
    code: z.enum(REJECTION_CODES, { invalid_type_error: "brokering.error.rejectionCodeRequired" }).optional(),
    reason: text(REASON_MAX).optional(),
    days: deferDays.optional(),
    until: deferUntil.optional(),
  })
  .superRefine((v, ctx) => rejectionRules({ ...v, decision: v.intent }, ctx))
  .transform((v): ListDecision => ({ decision: v.intent, ids: [{ id: v.id, version: v.version }], code: v.code, reason: v.reason, until: untilOf(v.days, v.until) }));
