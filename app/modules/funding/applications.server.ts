/**
 * Joint applications: creation (by hand, or in one step from an approved joint-grant pool), stage
 * moves through the stage machine, amounts, the consortium, comments and document links. This file
 * is the module's face for the routes; the code lives in application-*.server.ts:
 *
 * - application-access.server.ts: what the permission check needs to know about an application;
 * - application-queries.server.ts: lists and details;
 * - application-rules.server.ts: rules shared by the writes, and `changeApplication`, the preamble
 *   of every change;
 * - application-create.server.ts and application-changes.server.ts: the consortium's writes;
 * - application-decisions.server.ts: the funder's (receipt, decision, re-opening, its comments, milestones).
 *
 * Every write: one transaction that locks the application row, checks the caller's permission and
 * the version the person saw (optimistic locking), applies the rules, records the change (stage
 * history, audit log) and the notifications it causes. Nothing is half-written.
 */
export { canDecide, canEdit, canView, DEFAULT_MIN_PARTNERS, getApplicationAccess, type ApplicationAccess } from "./application-access.server";
export { addComment, addDocument, attachProgramme, moveStage, removeDocument, removeMember, setMember, updateApplication } from "./application-changes.server";
export {
  applicationForMatch,
  createApplication,
  createApplicationFromPool,
  prefillFromMatch,
  type MatchPrefill,
  type NewApplicationCore,
  type PoolApplicationInput,
} from "./application-create.server";
export {
  addFunderComment,
  addMilestone,
  completeMilestone,
  markUnderReview,
  recordDecision,
  removeMilestone,
  reopenDecision,
  type DecisionInput,
  type MilestoneInput,
} from "./application-decisions.server";
export { getApplicationDetail, listApplications, listJointGrantNeeds, type ApplicationDetail, type ApplicationListFilter } from "./application-queries.server";
export { applicationLink, funderApplicationLink, localiseErrors, localiseFailure } from "./application-rules.server";
