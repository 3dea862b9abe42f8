import type { matchingFr } from "./matching.fr";

export const matchingEn: Record<keyof typeof matchingFr, string> = {
  "matching.run.title": "Matching engine",
  "matching.run.intro":
    "The engine re-matches a posting as soon as it is published or edited, and redoes the full computation every night. Run the full computation again after a significant change, such as the minimum score.",
  "matching.run.never": "No full computation has run yet.",
  "matching.run.running": "Full computation running since {at}.",
  "matching.run.last": "Last full computation: {at}, in {seconds} s — {postings} postings, {matches} matches ({proposed} new, {withdrawn} withdrawn).",
  "matching.run.failed": "The last full computation ({at}) failed: {error}",
  "matching.run.requested": "Full computation requested at {at}; it starts within a minute.",
  "matching.run.queued": "{count, plural, =0 {No posting waiting to be re-matched.} one {# posting waiting to be re-matched.} other {# postings waiting to be re-matched.}}",
  "matching.run.button": "Run the full computation now",
  "matching.run.done": "Requested: the full computation starts within a minute.",
  "matching.run.already": "A full computation is already requested or running.",
};
