import { describe, expect, it } from "vitest";
import { can, type Actor } from "~/modules/auth/permissions";

const actor = (role: Actor["role"], clusterId: string | null = null, funderId: string | null = null): Actor => ({ id: role, role, clusterId, funderId });
const lead = actor("cluster_admin", "A");
const leadMember = actor("member", "A");
const partner = actor("cluster_admin", "B");
const outsider = actor("member", "C");
const coordinator = actor("coordinator");
const admin = actor("admin");
const funder = actor("funder", null, "F1");
const otherFunder = actor("funder", null, "F2");
const consortium = { clusterId: "A", clusterIds: ["A", "B"] };

describe("funding permissions", () => {
  it("gives programmes and creation to the coordination only", () => {
    for (const a of [coordinator, admin]) expect(can(a, "funding:manage")).toBe(true);
    for (const a of [lead, partner, outsider, funder]) expect(can(a, "funding:manage")).toBe(false);
  });

  it("shows an application to its consortium and the coordination, never to funders", () => {
    for (const a of [lead, leadMember, partner, coordinator, admin]) expect(can(a, "funding:application:view", consortium)).toBe(true);
    for (const a of [outsider, funder, otherFunder]) expect(can(a, "funding:application:view", consortium)).toBe(false);
    expect(can(funder, "funding:applications")).toBe(false);
  });

  it("lets the lead cluster and the coordination move stages; partners comment only", () => {
    for (const a of [lead, leadMember, coordinator, admin]) expect(can(a, "funding:application:edit", consortium)).toBe(true);
    for (const a of [partner, outsider, funder]) expect(can(a, "funding:application:edit", consortium)).toBe(false);
  });

  it("limits a funder's pipeline to its own programmes", () => {
    expect(can(funder, "funding:pipeline")).toBe(true);
    expect(can(funder, "funding:pipeline", { funderId: "F1" })).toBe(true);
    expect(can(funder, "funding:pipeline", { funderId: "F2" })).toBe(false);
    expect(can(funder, "funding:pipeline", { funderId: null })).toBe(false); // an unlisted programme's application
    expect(can(actor("funder"), "funding:pipeline")).toBe(false); // a funder account without a funder
    expect(can(coordinator, "funding:pipeline", { funderId: "F2" })).toBe(true);
    for (const a of [lead, partner, outsider]) expect(can(a, "funding:pipeline")).toBe(false);
    for (const p of ["postings:view", "clusters:view"] as const) expect(can(funder, p)).toBe(false);
  });

  it("lets only the programme's funder decide; the coordination only for a funder with no account", () => {
    expect(can(funder, "funding:decide", { funderId: "F1", funderHasAccount: true })).toBe(true);
    expect(can(otherFunder, "funding:decide", { funderId: "F1", funderHasAccount: true })).toBe(false);
    expect(can(funder, "funding:decide", { funderId: null, funderHasAccount: false })).toBe(false);
    for (const a of [coordinator, admin]) {
      expect(can(a, "funding:decide", { funderId: "F1", funderHasAccount: true })).toBe(false);
      expect(can(a, "funding:decide", { funderId: "F3", funderHasAccount: false })).toBe(true);
      expect(can(a, "funding:decide", { funderId: null, funderHasAccount: false })).toBe(true); // unlisted programme
    }
    for (const a of [lead, leadMember, partner, outsider]) expect(can(a, "funding:decide", { funderId: null, funderHasAccount: false })).toBe(false);
  });

  it("gives the committee's report to the coordination and the clusters' administrators", () => {
    for (const a of [coordinator, admin, lead, partner]) expect(can(a, "impact:report")).toBe(true);
    for (const a of [leadMember, outsider, funder]) expect(can(a, "impact:report")).toBe(false);
    for (const a of [lead, funder]) expect(can(a, "brokering:impact")).toBe(false);
  });
});
