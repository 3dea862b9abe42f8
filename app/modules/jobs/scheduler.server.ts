/**
 * Background jobs, run in the app process by default (WORKER=off to leave them to `npm run worker`).
 * Every job is safe to run in several processes at once: queues are claimed with SKIP LOCKED and
 * scheduled work is claimed under advisory locks, so nothing is done twice.
 */
import { brokeringJobs } from "~/modules/brokering/jobs.server";
import { num } from "~/modules/config.server";
import { queueDeadlineReminders, queueMilestoneReminders } from "~/modules/funding/reminders.server";
import { processMatchingQueue, runScheduledBatchIfDue } from "~/modules/matching/store.server";
import { startWorker } from "~/modules/notifications/worker.server";
import { postingsHousekeeping } from "~/modules/postings/postings.server";

export interface Job {
  name: string;
  /** How often to run it. */
  everyMs: number;
  run(now: Date): Promise<unknown>;
}

/** The jobs of the app. Modules export their jobs; they are listed here. */
export function jobs(): Job[] {
  return [
    { name: "matching-queue", everyMs: num("MATCH_QUEUE_POLL_MS", 1000), run: (now) => processMatchingQueue({ now }) },
    { name: "postings-housekeeping", everyMs: 60_000, run: (now) => postingsHousekeeping(now) },
    { name: "matching-batch", everyMs: num("MATCH_BATCH_POLL_MS", 30_000), run: (now) => runScheduledBatchIfDue(num("MATCH_BATCH_INTERVAL_HOURS", 24), now) },
    { name: "funding-deadline-reminders", everyMs: 60 * 60_000, run: (now) => queueDeadlineReminders(now) },
    { name: "funding-milestone-reminders", everyMs: 60 * 60_000, run: (now) => queueMilestoneReminders(now) },
    ...brokeringJobs(),
  ];
}

/** Start the outbox worker and the job loops. Returns a function that stops them all. */
export function startBackgroundJobs(log: (m: string) => void = () => {}): () => Promise<void> {
  const stopWorker = startWorker({ log });
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  for (const job of jobs()) {
    const loop = async () => {
      if (stopped) return;
      const p = job.run(new Date()).catch((e) => log(`job ${job.name} failed: ${(e as Error).message}`));
      running.add(p);
      await p;
      running.delete(p);
      if (!stopped) timers.push(setTimeout(loop, job.everyMs));
    };
    timers.push(setTimeout(loop, 100));
  }
  return async () => {
    stopped = true;
    timers.forEach(clearTimeout);
    await Promise.all(running);
    await stopWorker();
  };
}
