/**
 * The full computation, live: asked for → waiting for the jobs → running (phase, percent, counts) →
 * finished (its result) or failed, without reloading the page. While a run is asked for or running the
 * card polls the status route (/coordination/matches/engine) every second with a fetcher, and stops
 * when it ends. Phase changes and the result are announced (role="status"); the percent is not (it
 * would chatter).
 */
import type { SerializeFrom } from "@remix-run/node";
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { EngineStatus } from "~/modules/brokering/engine.server";
import type { MessageKey } from "~/modules/i18n";
import { useI18n } from "../i18n";

export type EngineView = SerializeFrom<EngineStatus> | SerializeFrom<Omit<EngineStatus, "startsWithin">>;

const POLL_MS = 1000;

export const engineBusy = (s: Pick<EngineView, "requestedAt" | "last">) => s.requestedAt !== null || (s.last !== null && s.last.finishedAt === null);

/**
 * The latest status (the polled one once there is one), polling every second while a run is asked for
 * or running, or — after the coordinator asked at `since` (the server's time) — until a run that started
 * after that has finished (a fast run can start and end between two polls).
 */
export function useEngineStatus(initial: EngineView, since: string | null = null) {
  const poll = useFetcher<EngineView>();
  const status = poll.data ?? initial;
  const busy = engineBusy(status);
  const [sawBusy, setSawBusy] = useState(busy);
  useEffect(() => {
    if (busy) setSawBusy(true);
  }, [busy]);
  const last = status.last;
  const caughtUp = !since || (last !== null && last.finishedAt !== null && new Date(last.startedAt).getTime() >= new Date(since).getTime());
  const polling = busy || !caughtUp;
  const load = useRef(poll.load);
  load.current = poll.load;
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(() => {
      if (document.visibilityState !== "hidden") load.current("/coordination/matches/engine");
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [polling]);
  return { status, busy: polling, justFinished: !polling && (sawBusy || !!since) };
}

/** Polls and shows (the queue's banner). */
export function RunProgressCard({ initial, compact = false }: { initial: EngineView; compact?: boolean }) {
  const { status, justFinished } = useEngineStatus(initial);
  return <RunProgress status={status} compact={compact} justFinished={justFinished} />;
}

/** One line saying where the run is, and its progress bar. */
export function RunProgress({ status, compact = false, justFinished = false }: { status: EngineView; compact?: boolean; justFinished?: boolean }) {
  const { t, dateTime, number } = useI18n();
  const { last } = status;
  const running = last !== null && last.finishedAt === null;
  const requested = status.requestedAt !== null && !running;
  const busy = engineBusy(status);
  const p = running ? last.progress : null;
  const percent = p?.percent ?? 0;
  const startsWithin = "startsWithin" in status ? status.startsWithin : 60;
  let line: string;
  if (running) {
    line = p
      ? t(`coordination.engine.phase.${p.phase}` as MessageKey, { postings: number(p.postings), total: number(p.total), matches: number(p.matches) })
      : t("coordination.engine.started", { at: dateTime(last.startedAt) });
  } else if (requested) {
    line = t("coordination.engine.waiting", { at: dateTime(status.requestedAt!), seconds: startsWithin });
  } else if (last?.error) {
    line = t("matching.run.failed", { at: dateTime(last.startedAt), error: last.error });
  } else if (last?.finishedAt) {
    line = t(justFinished ? "coordination.engine.finished" : "matching.run.last", {
      at: dateTime(last.finishedAt),
      seconds: number(Math.round((last.stats.ms ?? 0) / 100) / 10),
      postings: number(last.stats.postings ?? 0),
      matches: number(last.stats.matches ?? 0),
      proposed: number(last.stats.proposed ?? 0),
      withdrawn: number(last.stats.withdrawn ?? 0),
    });
  } else {
    line = t("matching.run.never");
  }
  // what is announced: the phase (not the percent), and the result
  const spoken = running ? (p ? t(`coordination.engine.phaseName.${p.phase}` as MessageKey) : t("coordination.engine.startedShort")) : line;
  const state = running ? "running" : requested ? "requested" : last?.error ? "failed" : last?.finishedAt ? "finished" : "never";
  return (
    <div className={`bk-run${compact ? " card bk-run-compact" : ""}${state === "failed" ? " bk-run-failed" : ""}`} data-state={state}>
      {compact ? <p className="bk-run-title">{t("coordination.engine.compactTitle")}</p> : null}
      <p className="bk-run-line" aria-hidden="true">
        {line}
      </p>
      {busy ? (
        <div className="bk-run-bar">
          <progress max={100} value={running && p ? percent : undefined} aria-label={t("coordination.engine.progressLabel")} />
          <span className="bk-run-percent">{running && p ? t("coordination.engine.percent", { percent }) : t("coordination.engine.pending")}</span>
        </div>
      ) : null}
      <p className="visually-hidden" role="status">
        {spoken === line ? line : `${spoken}. ${line}`}
      </p>
    </div>
  );
}
