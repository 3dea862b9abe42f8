import type { MatchPosting } from "../../../app/modules/matching";

let counter = 0;

/** A posting with sensible defaults; override what the test is about. */
export function posting(overrides: Partial<MatchPosting> & Pick<MatchPosting, "kind">): MatchPosting {
  counter++;
  return {
    id: `p${counter}`,
    cluster: overrides.kind === "need" ? "numana" : "bctq",
    category: "other",
    title: "",
    description: "",
    ...overrides,
  };
}

export const TODAY = "2026-11-22";

/** An office need and a matching office offer (Montréal, 2027, desks, within budget). */
export function officePair(needOverrides: Partial<MatchPosting> = {}, offerOverrides: Partial<MatchPosting> = {}) {
  const need = posting({
    kind: "need",
    category: "office_space",
    cluster: "mmode",
    title: "Espace de bureau recherché",
    description: "Nous cherchons 4 postes de travail dans un espace de bureau partagé.",
    region: "montreal",
    startDate: "2027-01-01",
    endDate: "2027-06-30",
    quantity: 4,
    unit: "desks",
    budgetMax: 400,
    ...needOverrides,
  });
  const offer = posting({
    kind: "offer",
    category: "office_space",
    cluster: "finance-montreal",
    title: "Coworking desks available",
    description: "Furnished coworking desks in our downtown office.",
    region: "montreal",
    startDate: "2027-01-01",
    endDate: "2027-12-31",
    quantity: 8,
    unit: "desks",
    budgetMax: 380,
    ...offerOverrides,
  });
  return { need, offer };
}
