import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { outbox } from "@db/schema";
import { sendEmail } from "~/modules/notifications/mail.server";
import { smtpTransport } from "~/modules/notifications/transport.server";
import { backoffMs, claimDue, deliverDue, retryMessage, workerSettings } from "~/modules/notifications/worker.server";
import { TestSmtp } from "../smtp";

const smtp = new TestSmtp();
beforeAll(() => smtp.start());
afterAll(() => smtp.stop());

async function queue(n: number, tag: string) {
  await getDb().transaction(async (tx) => {
    for (let i = 0; i < n; i++) await sendEmail(tx, { to: `p${i}@${tag}.example`, cc: ["coordination@maillage.example"], subject: `Mise en relation ${tag} ${i} — « éàç »`, text: `Bonjour ${i}`, kind: "test" });
  });
}
const rowsTo = (tag: string) => getDb().select().from(outbox).where(eq(outbox.kind, "test")).then((r) => r.filter((x) => x.toAddress.endsWith(`@${tag}.example`)));
const drain = async (tag: string) => {
  for (const r of await rowsTo(tag)) await getDb().update(outbox).set({ status: "sent" }).where(eq(outbox.id, r.id));
};

describe("outbox delivery over real SMTP", () => {
  it("sends what a committed transaction queued, with cc and accents intact", async () => {
    await queue(1, "one");
    const report = await deliverDue({ transport: smtpTransport(smtp.url) });
    expect(report.sent).toBe(1);
    const got = smtp.received.find((m) => m.to === "p0@one.example")!;
    expect(got.subject).toBe("Mise en relation one 0 — « éàç »");
    expect(got.cc).toBe("coordination@maillage.example");
    expect(got.text.trim()).toBe("Bonjour 0");
    const [row] = await rowsTo("one");
    expect([row.status, row.attempts, row.lastError]).toEqual(["sent", 1, null]);
  });

  it("queues nothing when the transaction rolls back", async () => {
    await expect(
      getDb().transaction(async (tx) => {
        await sendEmail(tx, { to: "ghost@rollback.example", subject: "x", text: "x", kind: "test" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await rowsTo("rollback")).toHaveLength(0);
  });

  it("SMTP down for an hour: nothing is lost, everything goes out when it is back", async () => {
    await queue(3, "outage");
    const down = smtpTransport("smtp://127.0.0.1:1"); // nothing listens there
    let now = new Date();
    const start = now.getTime();
    // retry at each scheduled time for an hour of outage
    while (now.getTime() - start < 60 * 60_000) {
      const report = await deliverDue({ transport: down, now });
      expect(report.sent).toBe(0);
      expect(report.failed).toBe(0);
      const rows = await rowsTo("outage");
      expect(rows.every((r) => r.status === "pending" && r.lastError)).toBe(true);
      now = new Date(Math.min(...rows.map((r) => r.nextAttemptAt.getTime())) + 1);
    }
    const attemptsDuringOutage = (await rowsTo("outage"))[0].attempts;
    expect(attemptsDuringOutage).toBeGreaterThan(3);
    expect(attemptsDuringOutage).toBeLessThan(workerSettings.maxAttempts);
    // back up
    const report = await deliverDue({ transport: smtpTransport(smtp.url), now });
    expect(report.sent).toBe(3);
    expect(smtp.received.filter((m) => m.to.endsWith("@outage.example"))).toHaveLength(3);
    expect((await rowsTo("outage")).every((r) => r.status === "sent")).toBe(true);
  });

  it("backs off exponentially up to a cap", () => {
    expect(backoffMs(1)).toBe(workerSettings.baseDelayMs);
    expect(backoffMs(2)).toBe(2 * workerSettings.baseDelayMs);
    expect(backoffMs(3)).toBe(4 * workerSettings.baseDelayMs);
    expect(backoffMs(50)).toBe(workerSettings.maxDelayMs);
  });

  it("two workers at once never send the same message twice", async () => {
    await queue(45, "race");
    const before = smtp.received.length;
    const transport = smtpTransport(smtp.url);
    const reports = await Promise.all(
      ["worker-a", "worker-b"].map(async (workerId) => {
        let total = 0;
        for (let r = await deliverDue({ transport, workerId }); r.claimed; r = await deliverDue({ transport, workerId })) total += r.sent;
        return total;
      }),
    );
    expect(reports[0] + reports[1]).toBe(45);
    const got = smtp.received.slice(before).filter((m) => m.to.endsWith("@race.example"));
    expect(got).toHaveLength(45);
    expect(new Set(got.map((m) => m.messageId)).size).toBe(45);
  });

  it("gives up after the attempt limit; the coordinator's retry sends it", async () => {
    await queue(1, "giveup");
    const [row] = await rowsTo("giveup");
    await getDb().update(outbox).set({ attempts: workerSettings.maxAttempts - 1 }).where(eq(outbox.id, row.id));
    const report = await deliverDue({ transport: smtpTransport("smtp://127.0.0.1:1") });
    expect(report.failed).toBe(1);
    expect((await rowsTo("giveup"))[0].status).toBe("failed");
    expect(await retryMessage(row.id)).toBe(true);
    expect((await deliverDue({ transport: smtpTransport(smtp.url) })).sent).toBe(1);
    expect((await rowsTo("giveup"))[0].status).toBe("sent");
    expect(await retryMessage(row.id)).toBe(false); // already sent: nothing to retry
  });

  it("a crashed worker's lease is taken over after it expires, and the late worker cannot overwrite", async () => {
    await drain("one");
    await queue(1, "crash");
    const now = new Date();
    const claimed = await claimDue("crashed-worker", now);
    expect(claimed.map((r) => r.toAddress)).toContain("p0@crash.example");
    // before the lease expires, nobody else takes it
    expect((await claimDue("other", new Date(now.getTime() + 1000))).map((r) => r.toAddress)).not.toContain("p0@crash.example");
    const later = new Date(now.getTime() + workerSettings.leaseMs + 1000);
    const report = await deliverDue({ transport: smtpTransport(smtp.url), workerId: "rescuer", now: later });
    expect(report.sent).toBeGreaterThanOrEqual(1);
    const [row] = await rowsTo("crash");
    expect([row.status, row.lockedBy]).toEqual(["sent", "rescuer"]);
  });
});
