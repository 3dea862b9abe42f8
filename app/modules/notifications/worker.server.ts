/**
 * The delivery worker. Claims due outbox rows with FOR UPDATE SKIP LOCKED (so several workers never
 * take the same row), marks them "sending" under a lease, sends, then marks them sent — or schedules a
 * retry with exponential back-off, up to a limit after which the row is "failed" for the coordinator.
 *
 * Crash mid-send: the row stays "sending" until its lease expires (OUTBOX_LEASE_SECONDS), then another
 * worker takes it over and sends again. Delivery is therefore at-least-once: a message the SMTP server
 * accepted just before the crash can arrive twice (same Message-ID), never zero times.
 */
import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, lte, or, sql } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { outbox, type OutboxRow } from "@db/schema";
import { num } from "~/modules/config.server";
import { defaultTransport, type Transport } from "./transport.server";

export const workerSettings = {
  get maxAttempts() {
    return num("OUTBOX_MAX_ATTEMPTS", 12);
  },
  get baseDelayMs() {
    return num("OUTBOX_RETRY_BASE_MS", 30_000);
  },
  get maxDelayMs() {
    return num("OUTBOX_RETRY_MAX_MS", 30 * 60_000);
  },
  get leaseMs() {
    return num("OUTBOX_LEASE_SECONDS", 300) * 1000;
  },
  get pollMs() {
    return num("WORKER_POLL_MS", 1000);
  },
  batch: 20,
};

/** Delay before attempt n+1 after n failed attempts: base · 2^(n-1), capped. */
export function backoffMs(attempts: number): number {
  return Math.min(workerSettings.maxDelayMs, workerSettings.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

/** Claim up to `batch` due rows for this worker (one atomic statement). */
export async function claimDue(workerId: string, now = new Date(), batch = workerSettings.batch): Promise<OutboxRow[]> {
  const db = getDb();
  const staleBefore = new Date(now.getTime() - workerSettings.leaseMs);
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(or(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)), and(eq(outbox.status, "sending"), lte(outbox.lockedAt, staleBefore))))
    .orderBy(asc(outbox.id))
    .limit(batch)
    .for("update", { skipLocked: true });
  return db
    .update(outbox)
    .set({ status: "sending", lockedAt: now, lockedBy: workerId, attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

/** One pass: claim what is due and try to send it. */
export async function deliverDue(opts: { transport: Transport; workerId?: string; now?: Date }): Promise<DeliveryReport> {
  const db = getDb();
  const workerId = opts.workerId ?? `w-${process.pid}-${randomBytes(3).toString("hex")}`;
  const now = opts.now ?? new Date();
  const rows = await claimDue(workerId, now);
  const report: DeliveryReport = { claimed: rows.length, sent: 0, retried: 0, failed: 0 };
  for (const row of rows) {
    const mine = and(eq(outbox.id, row.id), eq(outbox.lockedBy, workerId), eq(outbox.status, "sending"));
    try {
      await opts.transport.send({ to: row.toAddress, cc: row.cc, replyTo: row.replyTo, subject: row.subject, text: row.bodyText, messageId: `<outbox-${row.id}@maillage>` });
      await db.update(outbox).set({ status: "sent", sentAt: new Date(), lockedAt: null, lastError: null }).where(mine);
      report.sent++;
    } catch (e) {
      const error = (e instanceof Error ? e.message : String(e)).slice(0, 1000);
      const giveUp = row.attempts >= workerSettings.maxAttempts;
      await db
        .update(outbox)
        .set({ status: giveUp ? "failed" : "pending", lockedAt: null, lastError: error, nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)) })
        .where(mine);
      if (giveUp) report.failed++;
      else report.retried++;
    }
  }
  return report;
}

/**
 * Put a failed (or waiting) message back in the queue now. The attempt count is kept (it is the
 * message's history, shown to the coordinator): a failed message retried gets one more attempt.
 */
export async function retryMessage(id: number): Promise<boolean> {
  const rows = await getDb()
    .update(outbox)
    .set({ status: "pending", nextAttemptAt: new Date(), lockedAt: null })
    .where(and(eq(outbox.id, id), inArray(outbox.status, ["failed", "pending"])))
    .returning({ id: outbox.id });
  return rows.length > 0;
}

/** Run the worker until stopped: poll, deliver, repeat. Returns a stop function. */
export function startWorker(opts: { transport?: Transport; pollMs?: number; log?: (m: string) => void } = {}): () => Promise<void> {
  const transport = opts.transport ?? defaultTransport();
  const workerId = `w-${process.pid}-${randomBytes(3).toString("hex")}`;
  const log = opts.log ?? (() => {});
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    try {
      let report: DeliveryReport;
      do {
        report = await deliverDue({ transport, workerId });
        if (report.claimed) log(`outbox: sent ${report.sent}, retrying ${report.retried}, failed ${report.failed}`);
      } while (report.claimed === workerSettings.batch && !stopped);
    } catch (e) {
      log(`outbox: ${(e as Error).message}`);
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), opts.pollMs ?? workerSettings.pollMs);
  };
  running = tick();
  log(`outbox worker ${workerId} started (${transport.name})`);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
    transport.close?.();
  };
}

/** The coordinator's view of the outbox. */
export async function listOutbox(status: OutboxRow["status"] | undefined, limit = 100) {
  const db = getDb();
  const rows = await db
    .select()
    .from(outbox)
    .where(status ? eq(outbox.status, status) : undefined)
    .orderBy(sql`${outbox.id} desc`)
    .limit(limit);
  const counts = await db.select({ status: outbox.status, n: sql<number>`count(*)::int` }).from(outbox).groupBy(outbox.status);
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) as Partial<Record<OutboxRow["status"], number>>;
  return { rows, counts: byStatus };
}

/** Every failed message back in the queue (attempt counts kept, see retryMessage). */
export async function retryAllFailed(): Promise<number> {
  const rows = await getDb()
    .update(outbox)
    .set({ status: "pending", nextAttemptAt: new Date(), lockedAt: null })
    .where(eq(outbox.status, "failed"))
    .returning({ id: outbox.id });
  return rows.length;
}
