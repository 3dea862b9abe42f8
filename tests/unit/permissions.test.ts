import { describe, expect, it } from "vitest";
import { can, grantableRoles, type Actor } from "~/modules/auth/permissions";

const A = "cluster-a";
const B = "cluster-b";
const actor = (role: Actor["role"], clusterId: string | null = null): Actor => ({ id: role, role, clusterId, funderId: role === "funder" ? "f" : null });

describe("permission matrix", () => {
  const member = actor("member", A);
  const clusterAdmin = actor("cluster_admin", A);
  const coordinator = actor("coordinator");
  const admin = actor("admin");
  const funder = actor("funder");

  it("shows the cluster directory to cluster roles and coordination, not to funders", () => {
    for (const a of [member, clusterAdmin, coordinator, admin]) expect(can(a, "clusters:view")).toBe(true);
    expect(can(funder, "clusters:view")).toBe(false);
  });

  it("lets a cluster admin edit and invite for their own cluster only", () => {
    expect(can(clusterAdmin, "cluster:edit", { clusterId: A })).toBe(true);
    expect(can(clusterAdmin, "cluster:edit", { clusterId: B })).toBe(false);
    expect(can(clusterAdmin, "invitations:manage", { clusterId: A })).toBe(true);
    expect(can(clusterAdmin, "invitations:manage", { clusterId: B })).toBe(false);
    expect(can(member, "cluster:edit", { clusterId: A })).toBe(false);
    expect(can(member, "invitations:manage")).toBe(false);
    expect(can(funder, "invitations:manage")).toBe(false);
  });

  it("gives coordination the network tools", () => {
    for (const a of [coordinator, admin]) {
      expect(can(a, "network:coordinate")).toBe(true);
      expect(can(a, "invitations:manage", { clusterId: B })).toBe(true);
      expect(can(a, "cluster:edit", { clusterId: B })).toBe(true);
    }
    for (const a of [member, clusterAdmin, funder]) expect(can(a, "network:coordinate")).toBe(false);
  });

  it("lets only the coordination edit the network lexicon", () => {
    for (const a of [coordinator, admin]) expect(can(a, "lexicon:manage")).toBe(true);
    for (const a of [member, clusterAdmin, funder]) expect(can(a, "lexicon:manage")).toBe(false);
  });

  it("limits which roles each role may grant", () => {
    expect(grantableRoles(clusterAdmin)).toEqual(["member", "cluster_admin"]);
    expect(grantableRoles(coordinator)).not.toContain("admin");
    expect(grantableRoles(admin)).toContain("admin");
    expect(grantableRoles(member)).toEqual([]);
    expect(grantableRoles(funder)).toEqual([]);
  });
});
