import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { sendEmail } from "~/modules/notifications/mail.server";
import { notify, unreadCount } from "~/modules/notifications/notifications.server";
import { deliverDue } from "~/modules/notifications/worker.server";
import { loader as rootLoader } from "~/root";
import { action as outboxAction, loader as outboxLoader } from "~/routes/coordination.outbox";
import { action as notificationsAction, loader as notificationsLoader } from "~/routes/notifications";
import { bodyOf, call, cookieFor, seed, userByEmail } from "../helpers";

beforeAll(seed);

describe("notification centre", () => {
  it("counts unread notifications on every page and marks them read", async () => {
    const member = await userByEmail("membre@ecotech-quebec.example");
    const other = await userByEmail("membre@mmode.example");
    await getDb().transaction((tx) => notify(tx, [
      { userId: member.id, kind: "generic", link: "/" },
      { userId: member.id, kind: "generic" },
      { userId: other.id, kind: "generic" },
    ]));
    const cookie = await cookieFor(member.email);
    expect((await bodyOf(await call(rootLoader, "/", { cookie }))).unread).toBe(2);
    const page = await bodyOf(await call(notificationsLoader, "/notifications", { cookie }));
    expect(page.items).toHaveLength(2); // never another user's
    const res = await call(notificationsAction, "/notifications", { cookie, form: { intent: "read", id: String(page.items[0].id) } });
    expect(res.status).toBe(200);
    expect(await unreadCount(member.id)).toBe(1);
    // someone else's notification cannot be marked through my session
    const theirs = (await bodyOf(await call(notificationsLoader, "/notifications", { cookie: await cookieFor(other.email) }))).items[0];
    await call(notificationsAction, "/notifications", { cookie, form: { intent: "read", id: String(theirs.id) } });
    expect(await unreadCount(other.id)).toBe(1);
    await call(notificationsAction, "/notifications", { cookie, form: { intent: "readAll" } });
    expect(await unreadCount(member.id)).toBe(0);
    expect((await call(notificationsAction, "/notifications", { cookie, form: { intent: "explode" } })).status).toBe(400);
  });
});

describe("outbox page", () => {
  it("is for coordination only", async () => {
    for (const email of ["membre@numana.example", "admin@numana.example", "bailleur@meie.example"]) {
      const cookie = await cookieFor(email);
      expect((await call(outboxLoader, "/coordination/outbox", { cookie })).status).toBe(403);
      expect((await call(outboxAction, "/coordination/outbox", { cookie, form: { intent: "retryAll" } })).status).toBe(403);
    }
  });

  it("shows failed messages and retries them", async () => {
    await getDb().transaction((tx) => sendEmail(tx, { to: "x@fail.example", subject: "Sujet", text: "Corps", kind: "test" }));
    const failing = { name: "broken", send: async () => { throw new Error("550 mailbox unavailable"); } };
    process.env.OUTBOX_MAX_ATTEMPTS = "1";
    try {
      await deliverDue({ transport: failing });
    } finally {
      delete process.env.OUTBOX_MAX_ATTEMPTS;
    }
    const cookie = await cookieFor("coordination@maillage.example");
    const page = await bodyOf(await call(outboxLoader, "/coordination/outbox?status=failed", { cookie }));
    const row = page.rows.find((r: { to: string }) => r.to === "x@fail.example");
    expect(row.lastError).toContain("550");
    expect(page.counts.failed).toBeGreaterThanOrEqual(1);
    const retried = await call(outboxAction, "/coordination/outbox", { cookie, form: { intent: "retry", id: String(row.id) } });
    expect(retried.status).toBe(200);
    const again = await call(outboxAction, "/coordination/outbox", { cookie, form: { intent: "retry", id: "999999" } });
    expect(again.status).toBe(409);
    const sent: string[] = [];
    await deliverDue({ transport: { name: "ok", send: async (m) => void sent.push(m.to) } });
    expect(sent).toContain("x@fail.example");
  });
});
