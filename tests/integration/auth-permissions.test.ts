import { beforeAll, describe, expect, it } from "vitest";
import { requireUser } from "~/modules/auth/require-user.server";
import { loader as homeLoader } from "~/routes/_index";
import { loader as accountLoader } from "~/routes/account";
import { loader as clusterLoader } from "~/routes/clusters.$slug";
import { loader as clustersLoader } from "~/routes/clusters._index";
import { loader as invitationsLoader } from "~/routes/invitations._index";
import { bodyOf, call, clusterId, cookieFor, makeRequest, seed } from "../helpers";

beforeAll(seed);

const ACCOUNTS = {
  member: "membre@numana.example",
  cluster_admin: "admin@numana.example",
  coordinator: "coordination@maillage.example",
  admin: "admin@maillage.example",
  funder: "bailleur@meie.example",
} as const;

describe("requireUser", () => {
  it("redirects an anonymous visitor to sign-in with the return address", async () => {
    const res = await call(clustersLoader, "/clusters?q=aero");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fclusters%3Fq%3Daero");
  });

  it("checks roles, permissions and cluster scope", async () => {
    const req = async (email: string) => makeRequest("/", { cookie: await cookieFor(email) });
    const numana = await clusterId("numana");
    const mmode = await clusterId("mmode");
    await expect(requireUser(await req(ACCOUNTS.cluster_admin), { permission: "cluster:edit", clusterId: numana })).resolves.toMatchObject({ role: "cluster_admin" });
    await expect(requireUser(await req(ACCOUNTS.cluster_admin), { permission: "cluster:edit", clusterId: mmode })).rejects.toMatchObject({ status: 403 });
    await expect(requireUser(await req(ACCOUNTS.member), { roles: ["coordinator"] })).rejects.toMatchObject({ status: 403 });
    await expect(requireUser(await req(ACCOUNTS.funder), { roles: ["coordinator"], hide: true })).rejects.toMatchObject({ status: 404 });
    await expect(requireUser(await req(ACCOUNTS.coordinator), { permission: "cluster:edit", clusterId: mmode })).resolves.toBeTruthy();
  });
});

describe("each role sees only what it may", () => {
  const expected: Record<keyof typeof ACCOUNTS, { clusters: number; invitations: number; home: string }> = {
    member: { clusters: 200, invitations: 403, home: "member" },
    cluster_admin: { clusters: 200, invitations: 200, home: "member" },
    coordinator: { clusters: 200, invitations: 200, home: "coordinator" },
    admin: { clusters: 200, invitations: 200, home: "coordinator" },
    funder: { clusters: 403, invitations: 403, home: "funder" },
  };

  for (const [role, email] of Object.entries(ACCOUNTS) as [keyof typeof ACCOUNTS, string][]) {
    it(`${role}`, async () => {
      const cookie = await cookieFor(email);
      expect((await call(clustersLoader, "/clusters", { cookie })).status).toBe(expected[role].clusters);
      expect((await call(clusterLoader, "/clusters/mmode", { cookie, params: { slug: "mmode" } })).status).toBe(expected[role].clusters);
      expect((await call(invitationsLoader, "/invitations", { cookie })).status).toBe(expected[role].invitations);
      expect((await call(accountLoader, "/account", { cookie })).status).toBe(200);
      const home = await bodyOf(await call(homeLoader, "/", { cookie }));
      expect(home.view).toBe(expected[role].home);
      if (role === "coordinator" || role === "admin") {
        expect(home.clusters).toHaveLength(10);
        expect(Array.isArray(home.pending)).toBe(true);
      }
      if (role === "member") expect(home.cluster.slug).toBe("numana");
    });
  }

  it("anonymous visitors see the landing page only", async () => {
    expect((await bodyOf(await call(homeLoader, "/"))).view).toBe("landing");
    expect((await call(accountLoader, "/account")).status).toBe(302);
  });

  it("an unknown cluster is a 404", async () => {
    const cookie = await cookieFor(ACCOUNTS.member);
    expect((await call(clusterLoader, "/clusters/nope", { cookie, params: { slug: "nope" } })).status).toBe(404);
  });
});
