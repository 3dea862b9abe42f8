import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { RunProgress, useEngineStatus, type EngineView } from "~/components/brokering/engine";
import { PROPOSAL_NOTICE_MODES } from "@db/schema";
import { ChoiceGroup, ErrorSummary, FieldScope, Notice, TextAreaField, TextField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { requireUser } from "~/modules/auth/require-user.server";
import { EXPIRY_DAYS_MAX, MAX_REMINDERS } from "~/modules/brokering/constants";
import { engineStatus } from "~/modules/brokering/engine.server";
import { getBrokeringSettings, getProposalNoticeMode, setBrokeringSettings, setProposalNoticeMode } from "~/modules/brokering/settings.server";
import { networkSettingsSchema, preferencesSchema } from "~/modules/brokering/validation";
import { DEFAULT_THRESHOLD } from "~/modules/matching/types";
import { getMatchingStatus, getMatchThreshold, requestBatch, setMatchThreshold } from "~/modules/matching/store.server";
import { getDb } from "@db/client.server";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "brokering.settings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "brokering:queue", hide: true });
  const [settings, mode, threshold, engine] = await Promise.all([getBrokeringSettings(), getProposalNoticeMode(user.id), getMatchThreshold(), engineStatus()]);
  return json({ settings, mode, threshold, engine });
}

type ActionData = { ok: boolean; form: string; errors?: FieldErrors; values?: Record<string, string>; requestedAt?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "brokering:queue", hide: true });
  const form = await readForm(request);
  if (form.get("intent") === "batch") {
    // one request at a time: a second click while one is pending or running changes nothing
    const status = await getMatchingStatus();
    const busy = status.requestedAt !== null || (status.last !== null && status.last.finishedAt === null);
    const now = new Date();
    if (!busy) await getDb().transaction((tx) => requestBatch(tx, user.id, "coordinator", now));
    return json<ActionData>({ ok: true, form: busy ? "batch-busy" : "batch", requestedAt: busy ? undefined : now.toISOString() });
  }
  if (form.get("intent") === "preferences") {
    const parsed = parseFormData(form, preferencesSchema);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "preferences" });
    await setProposalNoticeMode(user.id, parsed.data.proposalNotices);
    return json<ActionData>({ ok: true, form: "preferences" });
  }
  const parsed = parseFormData(form, networkSettingsSchema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "network" });
  const d = parsed.data;
  await setBrokeringSettings(user.id, { reminderDays: d.reminderDays, expiryDays: d.expiryDays, digestHour: d.digestHour, templates: { fr: d.templateFr, en: d.templateEn } });
  if (d.threshold !== (await getMatchThreshold())) await setMatchThreshold(user.id, d.threshold);
  return json<ActionData>({ ok: true, form: "network" });
}

export default function BrokeringSettings() {
  const { t } = useI18n();
  const { settings, mode, threshold, engine } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const mine = data?.form === "preferences" ? data : undefined;
  const net = data?.form === "network" ? data : undefined;
  const braces = { recipient: "{recipient}", coordinator: "{coordinator}", parties: "{parties}" };
  return (
    <>
      <p>
        <Link to="/coordination/matches">← {t("brokering.match.back")}</Link>
      </p>
      <h1>{t("brokering.settings.title")}</h1>
      <div className="grid-2">
        <section aria-labelledby="mine-title" className="card">
          <h2 id="mine-title">{t("brokering.settings.mine")}</h2>
          {mine?.ok ? <Notice>{t("brokering.settings.saved")}</Notice> : null}
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="preferences" />
            <ChoiceGroup
              className="bk-fieldset"
              name="proposalNotices"
              legend={t("brokering.settings.proposalNotices")}
              selected={[mode]}
              options={PROPOSAL_NOTICE_MODES.map((m) => ({ value: m, label: t(`brokering.settings.mode.${m}`) }))}
              error={mine?.errors?.proposalNotices}
            />
            <button type="submit" className="button">
              {t("brokering.settings.saveMine")}
            </button>
          </Form>
        </section>
        <section aria-labelledby="net-title" className="card">
          <h2 id="net-title">{t("brokering.settings.network")}</h2>
          {net?.ok ? <Notice>{t("brokering.settings.saved")}</Notice> : null}
          <Form method="post" className="stack" noValidate>
            <FieldScope>
            <ErrorSummary errors={net?.errors} />
            <input type="hidden" name="intent" value="network" />
            <TextField
              name="reminderDays"
              type="number"
              label={t("brokering.settings.reminderDays")}
              hint={t("brokering.settings.reminderHint", { max: MAX_REMINDERS })}
              defaultValue={net?.values?.reminderDays ?? String(settings.reminderDays)}
              error={net?.errors?.reminderDays}
              required
            />
            <TextField
              name="expiryDays"
              type="number"
              min={1}
              max={EXPIRY_DAYS_MAX}
              label={t("coordination.settings.expiryDays")}
              hint={t("coordination.settings.expiryHint")}
              defaultValue={net?.values?.expiryDays ?? String(settings.expiryDays)}
              error={net?.errors?.expiryDays}
              required
            />
            <TextField
              name="digestHour"
              type="number"
              label={t("brokering.settings.digestHour")}
              defaultValue={net?.values?.digestHour ?? String(settings.digestHour)}
              error={net?.errors?.digestHour}
              required
            />
            <TextField
              name="threshold"
              type="number"
              label={t("brokering.settings.threshold")}
              hint={t("brokering.settings.thresholdHint", { value: DEFAULT_THRESHOLD })}
              defaultValue={net?.values?.threshold ?? String(threshold)}
              error={net?.errors?.threshold}
              required
            />
            <fieldset className="bk-fieldset">
              <legend>{t("brokering.settings.templates")}</legend>
              <p className="hint">{t("brokering.approve.templateHint", braces)}</p>
              <TextAreaField name="templateFr" label={t("brokering.approve.templateFr")} rows={7} defaultValue={net?.values?.templateFr ?? settings.templates.fr} error={net?.errors?.templateFr} required />
              <TextAreaField name="templateEn" label={t("brokering.approve.templateEn")} rows={7} defaultValue={net?.values?.templateEn ?? settings.templates.en} error={net?.errors?.templateEn} required />
            </fieldset>
            <button type="submit" className="button">
              {t("brokering.settings.saveNetwork")}
            </button>
            </FieldScope>
          </Form>
        </section>
        <EngineCard engine={engine} result={data?.form} />
      </div>
    </>
  );
}

/**
 * The full computation: the button asks for a run; with JavaScript the card then follows it live
 * (waiting, phase, percent, counts, result) without a reload.
 */
function EngineCard({ engine, result }: { engine: EngineView; result?: string }) {
  const { t } = useI18n();
  const ask = useFetcher<ActionData>();
  const answer = ask.data?.form ?? result;
  const live = useEngineStatus(engine, ask.data?.requestedAt ?? null);
  const busy = live.busy || ask.state !== "idle";
  return (
    <section aria-labelledby="engine-title" className="card">
      <h2 id="engine-title">{t("matching.run.title")}</h2>
      <p className="hint">{t("matching.run.intro")}</p>
      {answer === "batch" ? <Notice>{t("coordination.engine.asked")}</Notice> : null}
      {answer === "batch-busy" ? <Notice>{t("matching.run.already")}</Notice> : null}
      <RunProgress status={live.status} justFinished={live.justFinished} />
      <p className="small muted">{t("matching.run.queued", { count: live.status.queued })}</p>
      <ask.Form method="post">
        <input type="hidden" name="intent" value="batch" />
        <button type="submit" className="button" disabled={busy}>
          {t("matching.run.button")}
        </button>
      </ask.Form>
    </section>
  );
}
