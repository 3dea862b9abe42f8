/**
 * Input schemas of the funding forms (zod). Messages are dictionary keys. Rules that need the
 * database (the programme's maximum, partners, deadlines in the past) live in the server modules.
 */
import { z } from "zod";
import { MILESTONE_KINDS } from "@db/schema/enums";
import { CATEGORIES } from "~/modules/postings/constants";
import { isIsoDate, serialIdField, wholeNumberField } from "~/modules/validation/input";
import { APPLICATION_STAGES } from "./stages";

export const TITLE_MAX = 200;
export const NOTE_MAX = 2000;
export const COMMENT_MAX = 4000;
export const MONEY_MAX = 10_000_000_000;

/** "250 000", "250 000,50 $", "250000.5" → 250000.5; blank → undefined; anything else → NaN (error.number). */
export function toMoney(v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number") return v;
  if (typeof v !== "string") return Number.NaN;
  const s = v.trim().replace(/[\s\u00a0\u202f$]/g, "").replace(/,(?=\d{1,2}$)/, ".").replace(/,/g, "");
  if (s === "") return undefined;
  return /^\d+(\.\d{1,2})?$/.test(s) ? Number(s) : Number.NaN;
}

const money = z.preprocess(toMoney, z.number({ invalid_type_error: "error.number" }).finite("error.number").min(0, "funding.error.negative").max(MONEY_MAX, "error.tooBig").optional());
const positiveMoney = z.preprocess(toMoney, z.number({ invalid_type_error: "error.number" }).finite("error.number").positive("funding.error.positive").max(MONEY_MAX, "error.tooBig").optional());
const text = (max: number) => z.string().trim().max(max).optional();
const requiredText = (max: number) => z.string({ required_error: "error.required" }).trim().min(1, "error.required").max(max);
const uuid = z.string().uuid("error.choice");
const isoDate = z.string().refine(isIsoDate, "error.date");
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "error.url");
const version = serialIdField();
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const funderSchema = z.object({
  nameFr: requiredText(200),
  nameEn: requiredText(200),
  website: httpUrl.optional(),
});
export type FunderInput = z.infer<typeof funderSchema>;

export const programmeSchema = z
  .object({
    funderId: uuid,
    nameFr: requiredText(300),
    nameEn: requiredText(300),
    descriptionFr: text(4000),
    descriptionEn: text(4000),
    website: httpUrl.optional(),
    envelope: z.preprocess(toMoney, z.number({ required_error: "error.required", invalid_type_error: "error.number" }).finite("error.number").min(0, "funding.error.negative").max(MONEY_MAX, "error.tooBig")),
    maxPerProject: positiveMoney,
    minPartners: wholeNumberField(1, 20),
    eligibleCategories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length).default([]),
    active: checkbox,
  })
  .superRefine((v, ctx) => {
    if (v.maxPerProject !== undefined && v.maxPerProject > v.envelope)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["maxPerProject"], message: "funding.error.maxAboveEnvelope" });
  });
export type ProgrammeInput = z.infer<typeof programmeSchema>;

export const callSchema = z.object({
  labelFr: requiredText(200),
  labelEn: requiredText(200),
  deadline: z.string({ required_error: "error.required" }).refine(isIsoDate, "error.date"),
});
export type CallInput = z.infer<typeof callSchema>;

const amounts = {
  amountRequested: positiveMoney,
  cofinancingPublic: money,
  cofinancingClusters: money,
  cofinancingFirms: money,
};

export const createApplicationSchema = z.object({
  title: requiredText(TITLE_MAX),
  summary: text(4000),
  programmeId: uuid.optional(),
  programmeText: text(300),
  callId: uuid.optional(),
  deadline: isoDate.optional(),
  leadClusterId: z.string({ required_error: "error.required" }).uuid("error.choice"),
  clusterIds: z.array(uuid).max(20).default([]),
  postingIds: z.array(uuid).max(20).default([]),
  stage: z.enum(["idea", "consortium_formed"]).default("idea"),
  /** The pooled joint-grant match it is made from (/funding/new?fromMatch=…). */
  sourceMatchId: uuid.optional(),
  ...amounts,
});
export type CreateApplicationInput = z.infer<typeof createApplicationSchema>;

export const updateApplicationSchema = z.object({
  version,
  title: requiredText(TITLE_MAX),
  summary: text(4000),
  deadline: isoDate.optional(),
  ...amounts,
});
export type UpdateApplicationInput = z.infer<typeof updateApplicationSchema>;

export const moveSchema = z.object({
  version,
  to: z.enum(APPLICATION_STAGES),
  note: text(NOTE_MAX),
});

/** The funder's decision: an award (amount, conditions) or a refusal (reason). */
export const decisionSchema = z.object({
  version,
  outcome: z.enum(["awarded", "refused"], { required_error: "funding.error.outcomeRequired", invalid_type_error: "funding.error.outcomeRequired" }),
  amount: positiveMoney,
  conditions: text(COMMENT_MAX),
  reason: text(NOTE_MAX),
});

export const reopenSchema = z.object({ version, note: text(NOTE_MAX) });
export const reviewSchema = z.object({ version });

export const milestoneSchema = z.object({
  kind: z.enum(MILESTONE_KINDS, { required_error: "error.required" }),
  label: text(200),
  dueOn: z.string({ required_error: "error.required" }).refine(isIsoDate, "funding.error.dateImpossible"),
});

export const milestoneDoneSchema = z.object({
  milestoneId: uuid,
  doneOn: z.string({ required_error: "error.required" }).refine(isIsoDate, "funding.error.dateImpossible"),
});
export type MoveInput = z.infer<typeof moveSchema>;

export const attachProgrammeSchema = z.object({
  version,
  programmeId: uuid,
  callId: uuid.optional(),
});

export const memberSchema = z.object({
  clusterId: uuid,
  role: text(120),
});

export const commentSchema = z.object({ body: requiredText(COMMENT_MAX) });

export const documentSchema = z.object({
  label: requiredText(200),
  url: z.string({ required_error: "error.required" }).pipe(httpUrl),
});

export const pipelineFilterSchema = z.object({
  funderId: uuid.optional().catch(undefined),
  programmeId: uuid.optional().catch(undefined),
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  view: z.enum(["board", "table"]).optional().catch(undefined),
});
export type PipelineFilter = z.infer<typeof pipelineFilterSchema>;
