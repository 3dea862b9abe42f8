/** The funder's forms (receipt, decision, re-opening, milestones): their intents and success notices (pure; runDecideIntent is in funder-intents.server.ts). */
import type { MessageKey } from "~/modules/i18n";

export const DECIDE_INTENTS = ["review", "decide", "reopen", "addMilestone", "completeMilestone", "removeMilestone"] as const;
export type DecideIntent = (typeof DECIDE_INTENTS)[number];

export const DECIDE_NOTICES: Record<DecideIntent, MessageKey> = {
  review: "funding.notice.reviewed",
  decide: "funding.notice.decided",
  reopen: "funding.notice.reopened",
  addMilestone: "funding.notice.milestoneAdded",
  completeMilestone: "funding.notice.milestoneDone",
  removeMilestone: "funding.notice.milestoneRemoved",
};

export const isDecideIntent = (v: unknown): v is DecideIntent => (DECIDE_INTENTS as readonly unknown[]).includes(v);
