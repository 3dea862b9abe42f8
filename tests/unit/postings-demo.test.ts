import { DEMO_CLUSTERS, DEMO_USERS } from "@db/demo/clusters";
import { DEMO_POSTINGS } from "@db/demo/postings";
import { dictionaries, isMessageKey } from "~/modules/i18n";
import { can, type Actor } from "~/modules/auth/permissions";
import { canSeePosting, effectiveStatus } from "~/modules/postings/access";
import {
  AMENITIES, BUDGET_BASIS, CATEGORIES, EQUIPMENT_ACCESS, EVENT_TYPES, GRANT_ROLES, IT_SERVICES, POSTING_KINDS, POSTING_STATUSES,
  RESEARCH_DELIVERABLES, SD_AXES, TRAINING_FORMATS, UNITS, VISIBILITIES,
} from "~/modules/postings/constants";
import { PostingSchema } from "~/modules/interchange";
import { toMatchPosting } from "~/modules/postings/interchange";
import { addMonths } from "~/modules/postings/settings.server";
import { ALL_ATTRIBUTE_NAMES, validatePosting } from "~/modules/postings/validation";
import { SORTS, STATUS_FILTERS } from "~/modules/postings/browse.server";

describe("demo postings", () => {
  it("are about forty, in both languages, across the ten clusters", () => {
    expect(DEMO_POSTINGS.length).toBeGreaterThanOrEqual(38);
    expect(new Set(DEMO_POSTINGS.map((p) => p.cluster))).toEqual(new Set(DEMO_CLUSTERS.map((c) => c.slug)));
    expect(new Set(DEMO_POSTINGS.map((p) => p.input.language))).toEqual(new Set(["fr", "en"]));
    expect(new Set(DEMO_POSTINGS.map((p) => p.ref)).size).toBe(DEMO_POSTINGS.length);
  });
  it("every one passes the form's validation and is written by a demo account of its cluster", () => {
    for (const p of DEMO_POSTINGS) {
      const r = validatePosting(p.input, "form");
      expect(r.ok ? [] : r.issues, p.ref).toEqual([]);
      const author = DEMO_USERS.find((u) => u.email === p.author);
      expect(author?.cluster, p.ref).toBe(p.cluster);
    }
  });
  it("include identical needs of several clusters and needs with a matching offer", () => {
    const needs = (category: string) => DEMO_POSTINGS.filter((p) => p.input.kind === "need" && p.input.category === category);
    expect(new Set(needs("it_support").map((p) => p.cluster)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(needs("joint_grant").map((p) => p.cluster)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(needs("office_space").map((p) => p.cluster)).size).toBeGreaterThanOrEqual(3);
    for (const category of ["it_support", "office_space", "training", "expertise", "equipment", "research", "events"])
      expect(DEMO_POSTINGS.some((p) => p.input.kind === "offer" && p.input.category === category), category).toBe(true);
  });
});

describe("dictionaries cover every value the pages show", () => {
  const keys = [
    ...POSTING_KINDS.map((k) => `kind.${k}`),
    ...CATEGORIES.map((c) => `category.${c}`),
    ...POSTING_STATUSES.map((s) => `postings.status.${s}`),
    ...VISIBILITIES.flatMap((v) => [`postings.visibility.${v}`, `postings.visibility.${v}.long`]),
    ...SD_AXES.map((a) => `postings.sdAxis.${a}`),
    ...UNITS.map((u) => `postings.unit.${u}`),
    ...Object.values(BUDGET_BASIS).flatMap((b) => [`postings.basis.${b}`, `postings.hint.budget.${b}`]),
    ...ALL_ATTRIBUTE_NAMES.map((a) => `postings.attr.${a}`),
    ...AMENITIES.map((v) => `postings.attr.amenities.${v}`),
    ...IT_SERVICES.map((v) => `postings.attr.service.${v}`),
    ...RESEARCH_DELIVERABLES.map((v) => `postings.attr.deliverable.${v}`),
    ...GRANT_ROLES.map((v) => `postings.attr.role.${v}`),
    ...TRAINING_FORMATS.map((v) => `postings.attr.format.${v}`),
    ...EQUIPMENT_ACCESS.map((v) => `postings.attr.access.${v}`),
    ...EVENT_TYPES.map((v) => `postings.attr.eventType.${v}`),
    ...STATUS_FILTERS.map((s) => `postings.browse.status.${s}`),
    ...SORTS.map((s) => `postings.browse.sort.${s}`),
    ...["create", "update", "status", "renew", "expire", "delete"].map((a) => `postings.history.${a}`),
  ];
  it.each(keys)("%s", (key) => {
    expect(isMessageKey(key)).toBe(true);
    expect((dictionaries.fr as Record<string, string>)[key]).toBeTruthy();
    expect((dictionaries.en as Record<string, string>)[key]).toBeTruthy();
  });
  it("no posting message contains a stray brace (they would be read as parameters)", () => {
    for (const [key, text] of Object.entries(dictionaries.fr).concat(Object.entries(dictionaries.en)))
      if (key.startsWith("postings.")) expect(text.replace(/\{[a-z]+(, plural,[^]*)?\}/gi, ""), key).not.toMatch(/[{}]/);
  });
});

describe("interchange projection", () => {
  it("toMatchPosting writes the shared format", () => {
    const row = {
      id: "4f9c0000-0000-4000-8000-000000000001", kind: "need" as const, category: "joint_grant" as const, title: "T", description: "D",
      tags: ["a"], language: "fr" as const, region: null, startDate: "2027-01-01", endDate: null, quantity: null, unit: null, budgetMax: 1500,
      programme: "MEIE 2027", deadline: "2027-02-15",
    };
    const m = toMatchPosting(row, "numana");
    expect(m).toEqual({ id: row.id, cluster: "numana", kind: "need", category: "joint_grant", title: "T", description: "D", language: "fr", tags: ["a"], startDate: "2027-01-01", budgetMax: 1500, programme: "MEIE 2027", deadline: "2027-02-15" });
    expect(PostingSchema.safeParse(m).success).toBe(true);
  });
});

describe("access rules", () => {
  const a = "00000000-0000-4000-8000-00000000000a";
  const b = "00000000-0000-4000-8000-00000000000b";
  const actor = (role: Actor["role"], clusterId: string | null = null): Actor => ({ id: "u", role, clusterId, funderId: null });
  const posting = (over: Partial<{ visibility: "network" | "coordinator"; status: (typeof POSTING_STATUSES)[number] }> = {}) => ({ clusterId: a, visibility: "network" as const, status: "open" as const, expiresAt: null, ...over });
  it("funders see no postings", () => {
    expect(can(actor("funder"), "postings:view")).toBe(false);
    expect(canSeePosting(actor("funder"), posting())).toBe(false);
  });
  it("confidential postings: the owner and the coordination only", () => {
    const p = posting({ visibility: "coordinator" });
    expect(canSeePosting(actor("member", a), p)).toBe(true);
    expect(canSeePosting(actor("coordinator"), p)).toBe(true);
    expect(canSeePosting(actor("member", b), p)).toBe(false);
    expect(canSeePosting(actor("cluster_admin", b), p)).toBe(false);
  });
  it("drafts: the owner and the coordination only", () => {
    expect(canSeePosting(actor("member", b), posting({ status: "draft" }))).toBe(false);
    expect(canSeePosting(actor("member", a), posting({ status: "draft" }))).toBe(true);
  });
  it("only the owning cluster manages; the coordination imports for anyone, a cluster for itself", () => {
    expect(can(actor("member", a), "postings:manage", { clusterId: a })).toBe(true);
    expect(can(actor("member", b), "postings:manage", { clusterId: a })).toBe(false);
    expect(can(actor("coordinator"), "postings:manage", { clusterId: a })).toBe(false);
    expect(can(actor("coordinator"), "postings:import")).toBe(true);
    expect(can(actor("cluster_admin", a), "postings:import")).toBe(true);
    expect(can(actor("member", a), "postings:import", { clusterId: a })).toBe(true);
    expect(can(actor("member", a), "postings:import", { clusterId: b })).toBe(false);
    expect(can(actor("coordinator"), "postings:import", { clusterId: b })).toBe(true);
    expect(can(actor("funder"), "postings:import")).toBe(false);
    expect(can(actor("member", b), "postings:history", { clusterId: a })).toBe(false);
    expect(can(actor("coordinator"), "postings:history", { clusterId: a })).toBe(true);
  });
  it("open and paused postings past their expiry are expired", () => {
    const past = new Date(Date.now() - 1000);
    expect(effectiveStatus({ status: "open", expiresAt: past })).toBe("expired");
    expect(effectiveStatus({ status: "paused", expiresAt: past })).toBe("expired");
    expect(effectiveStatus({ status: "closed", expiresAt: past })).toBe("closed");
  });
  it("months are added on the calendar", () => {
    expect(addMonths(new Date("2027-01-31T10:00:00Z"), 1).toISOString()).toBe("2027-02-28T10:00:00.000Z");
    expect(addMonths(new Date("2026-11-22T10:00:00Z"), 6).toISOString()).toBe("2027-05-22T10:00:00.000Z");
  });
});
