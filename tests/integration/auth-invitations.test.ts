import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { auditLog, invitations } from "@db/schema";
import { acceptInvitation, createInvitation, lookupInvitation } from "~/modules/auth/invitations.server";
import { loader as acceptLoader, action as acceptAction } from "~/routes/invitations.$token";
import { action as inviteAction, loader as inviteLoader } from "~/routes/invitations._index";
import { bodyOf, call, clusterId, cookieFor, lastMailTo, seed, userByEmail } from "../helpers";

beforeAll(seed);

const PASSWORD = "correct-horse-battery";

describe("invitations", () => {
  it("coordinator invites a member; the emailed single-use link creates the account", async () => {
    const cookie = await cookieFor("coordination@maillage.example");
    const res = await call(inviteAction, "/invitations", {
      cookie,
      form: { intent: "create", email: "New.Person@Numana.example", role: "member", clusterId: await clusterId("numana"), locale: "en" },
    });
    expect(res.status).toBe(200);
    const { mail, link, token } = await lastMailTo("new.person@numana.example");
    expect(mail?.subject).toBe("Invitation to join Maillage");
    expect(link).toMatch(/\/invitations\/[\w-]{40,}$/);
    // only the hash is stored
    const [stored] = await getDb().select().from(invitations).where(eq(invitations.email, "new.person@numana.example"));
    expect(stored.tokenHash).not.toContain(token!);
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const page = await call(acceptLoader, `/invitations/${token}`, { params: { token: token! } });
    expect((await bodyOf(page)).invitation.email).toBe("new.person@numana.example");

    const accepted = await call(acceptAction, `/invitations/${token}`, { params: { token: token! }, form: { name: "Nouvelle Personne", password: PASSWORD, confirm: PASSWORD } });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Set-Cookie")).toMatch(/maillage_session=/);
    const user = await userByEmail("new.person@numana.example");
    expect([user.role, user.clusterId, user.locale, user.name]).toEqual(["member", await clusterId("numana"), "en", "Nouvelle Personne"]);

    // reuse
    const again = await call(acceptAction, `/invitations/${token}`, { params: { token: token! }, form: { name: "X Y", password: PASSWORD, confirm: PASSWORD } });
    expect(again.status).toBe(410);
    expect((await bodyOf(again)).errors._form.key).toBe("accept.used");
    expect((await lookupInvitation(token!)).status).toBe("used");
    const audits = await getDb().select().from(auditLog).where(eq(auditLog.entity, "invitation"));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["invitation.create", "invitation.accept"]));
  });

  it("an expired invitation cannot be used", async () => {
    const coordinator = await userByEmail("coordination@maillage.example");
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    const r = await createInvitation({ ...coordinator, clusterId: null, funderId: null }, { email: "late@cargo-m.example", role: "member", clusterId: await clusterId("cargo-m"), locale: "fr" }, tenDaysAgo);
    expect(r.ok).toBe(true);
    const { token } = await lastMailTo("late@cargo-m.example");
    expect((await lookupInvitation(token!)).status).toBe("expired");
    const page = await call(acceptLoader, `/invitations/${token}`, { params: { token: token! } });
    expect(page.status).toBe(410);
    expect(await acceptInvitation(token!, { name: "Late", password: PASSWORD })).toEqual({ ok: false, status: "expired" });
  });

  it("an unknown token is a 404, a revoked one is refused", async () => {
    expect((await call(acceptLoader, "/invitations/nope", { params: { token: "nope" } })).status).toBe(404);
    const cookie = await cookieFor("coordination@maillage.example");
    await call(inviteAction, "/invitations", { cookie, form: { intent: "create", email: "revoked@mmode.example", role: "member", clusterId: await clusterId("mmode"), locale: "fr" } });
    const { token } = await lastMailTo("revoked@mmode.example");
    const [inv] = await getDb().select().from(invitations).where(eq(invitations.email, "revoked@mmode.example"));
    const revoke = await call(inviteAction, "/invitations", { cookie, form: { intent: "revoke", id: inv.id } });
    expect(revoke.status).toBe(200);
    expect((await lookupInvitation(token!)).status).toBe("revoked");
  });

  it("a cluster admin invites colleagues to their own cluster only, and only cluster roles", async () => {
    const cookie = await cookieFor("admin@ecotech-quebec.example");
    const own = await call(inviteAction, "/invitations", { cookie, form: { intent: "create", email: "colleague@ecotech.example", role: "member", locale: "fr" } });
    expect(own.status).toBe(200);
    const [inv] = await getDb().select().from(invitations).where(eq(invitations.email, "colleague@ecotech.example"));
    expect(inv.clusterId).toBe(await clusterId("ecotech-quebec"));

    const other = await call(inviteAction, "/invitations", { cookie, form: { intent: "create", email: "spy@numana.example", role: "member", clusterId: await clusterId("numana"), locale: "fr" } });
    expect(other.status).toBe(400);
    expect((await bodyOf(other)).errors.clusterId.key).toBe("invite.onlyOwnCluster");

    const coordinator = await call(inviteAction, "/invitations", { cookie, form: { intent: "create", email: "boss@ecotech.example", role: "coordinator", locale: "fr" } });
    expect(coordinator.status).toBe(400);
    expect((await bodyOf(coordinator)).errors.role.key).toBe("invite.roleNotAllowed");

    // their list shows their cluster's invitations only
    const list = await bodyOf(await call(inviteLoader, "/invitations", { cookie }));
    expect(list.pending.map((p: { email: string }) => p.email)).toEqual(["colleague@ecotech.example"]);
  });

  it("members and funders cannot manage invitations", async () => {
    for (const email of ["membre@numana.example", "bailleur@meie.example"]) {
      const cookie = await cookieFor(email);
      expect((await call(inviteLoader, "/invitations", { cookie })).status).toBe(403);
      expect((await call(inviteAction, "/invitations", { cookie, form: { intent: "create", email: "x@y.example", role: "member", locale: "fr" } })).status).toBe(403);
    }
  });

  it("validates input: existing account, bad email, missing cluster or funder", async () => {
    const cookie = await cookieFor("coordination@maillage.example");
    const cases: [Record<string, string>, string, string][] = [
      [{ email: "admin@numana.example", role: "member", clusterId: await clusterId("numana") }, "email", "invite.alreadyUser"],
      [{ email: "not-an-email", role: "member" }, "email", "error.email"],
      [{ email: "a@b.example", role: "member" }, "clusterId", "invite.clusterRequired"],
      [{ email: "a@b.example", role: "funder" }, "funderId", "invite.funderRequired"],
      [{ email: "a@b.example", role: "wizard" }, "role", "error.choice"],
    ];
    for (const [form, field, key] of cases) {
      const res = await call(inviteAction, "/invitations", { cookie, form: { intent: "create", locale: "fr", ...form } });
      expect(res.status, JSON.stringify(form)).toBe(400);
      const body = await bodyOf(res);
      expect(body.errors[field]?.key, JSON.stringify(form)).toBe(key);
      expect(body.values.email).toBe(form.email);
    }
  });

  it("accepting validates name and password, and keeps the token usable", async () => {
    const cookie = await cookieFor("coordination@maillage.example");
    await call(inviteAction, "/invitations", { cookie, form: { intent: "create", email: "careful@bctq.example", role: "cluster_admin", clusterId: await clusterId("bctq"), locale: "fr" } });
    const { token } = await lastMailTo("careful@bctq.example");
    const bad = await call(acceptAction, `/invitations/${token}`, { params: { token: token! }, form: { name: "", password: "short", confirm: "short" } });
    expect(bad.status).toBe(400);
    expect((await lookupInvitation(token!)).status).toBe("valid");
  });
});
