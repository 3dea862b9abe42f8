/**
 * The forms of a joint application's page (routes/funding.applications.$id.tsx): move to another stage,
 * edit, attach to a programme, members, documents, comments. Each form shows its own error summary and
 * errors only when the last submit was its own (`intent`).
 */
import { Form, useActionData, useNavigation } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import type { ReactNode } from "react";
import { ErrorSummary, FieldScope, MoneyField, SelectField, TextAreaField, TextField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { NOTE_MAX } from "~/modules/funding/validation";
import type { MessageKey } from "~/modules/i18n";
import type { loader } from "~/routes/funding.applications.$id";
import { useCalendarDate } from "./pipeline-views";

type Data = SerializeFrom<typeof loader>;
type App = Data["app"];

/** What the page's action answers (one intent per form). */
export interface ApplicationActionData {
  ok: boolean;
  intent: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
  message?: MessageKey;
}

/** The last submit's errors and values when it was `intent`'s (a failed one). */
export function useIntent(...intents: string[]) {
  const result = useActionData() as ApplicationActionData | undefined;
  const mine = result && !result.ok && intents.includes(result.intent) ? result : undefined;
  return { errors: mine?.errors, e: mine?.errors ?? {}, v: mine?.values ?? {} };
}

/** A post form with its intent, error summary and submit button. */
export function IntentForm({ intent, version, errors, submit, secondary, className = "stack", children }: { intent: string; version?: number; errors?: FieldErrors; submit: string; secondary?: boolean; className?: string; children: ReactNode }) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className={className} noValidate>
      <FieldScope>
        <ErrorSummary errors={errors} />
        <input type="hidden" name="intent" value={intent} />
        {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
        {children}
        <p>
          <button type="submit" className={secondary ? "button secondary" : "button"} disabled={busy}>
            {submit}
          </button>
        </p>
      </FieldScope>
    </Form>
  );
}

export function MoveForm({ app, moves }: { app: App; moves: Data["moves"] }) {
  const { t } = useI18n();
  const { errors, e, v } = useIntent("move");
  return (
    <section aria-labelledby="move-title" className="card section fd-move">
      <h2 id="move-title">{t("funding.move.title")}</h2>
      {moves.length === 0 ? (
        <p className="muted">{t("funding.move.none")}</p>
      ) : (
        <IntentForm intent="move" version={app.version} errors={errors} submit={t("funding.move.submit")}>
          <SelectField
            name="to"
            label={t("funding.move.to")}
            required
            defaultValue={v.to ?? moves[0]?.to}
            options={moves.map((m) => ({ value: m.to, label: `${t(`funding.stage.${m.to}`)}${m.kind === "backward" ? ` — ${t("funding.move.backward")}` : m.kind === "withdraw" ? ` — ${t("funding.move.withdraw")}` : ""}` }))}
            error={e.to}
          />
          <TextAreaField name="note" label={t("funding.move.note")} hint={t("funding.hint.note")} maxLength={NOTE_MAX} rows={3} defaultValue={v.note} error={e.note} />
        </IntentForm>
      )}
      {app.stage === "submitted" || app.stage === "under_review" ? <p className="small muted">{t("funding.move.funderDecides")}</p> : null}
    </section>
  );
}

export function EditApplicationForm({ app }: { app: App }) {
  const { t } = useI18n();
  const { errors, e, v } = useIntent("update");
  return (
    <details className="section fd-edit" open={!!errors}>
      <summary>{t("funding.edit.title")}</summary>
      <IntentForm intent="update" version={app.version} errors={errors} submit={t("funding.edit.submit")} secondary>
        <TextField name="title" label={t("funding.field.title")} required maxLength={200} defaultValue={v.title ?? app.title} error={e.title} />
        <TextAreaField name="summary" label={t("funding.field.summary")} maxLength={4000} defaultValue={v.summary ?? app.summary} error={e.summary} />
        <TextField name="deadline" type="date" label={t("funding.field.deadline")} defaultValue={v.deadline ?? app.deadline} error={e.deadline} />
        <MoneyField name="amountRequested" label={t("funding.field.amountRequested")} hint={t("funding.hint.money")} defaultValue={v.amountRequested ?? app.amountRequested} error={e.amountRequested} />
        <MoneyField name="cofinancingPublic" label={t("funding.cofinancing.public")} defaultValue={v.cofinancingPublic ?? app.cofinancingPublic} error={e.cofinancingPublic} />
        <MoneyField name="cofinancingClusters" label={t("funding.cofinancing.clusters")} defaultValue={v.cofinancingClusters ?? app.cofinancingClusters} error={e.cofinancingClusters} />
        <MoneyField name="cofinancingFirms" label={t("funding.cofinancing.firms")} defaultValue={v.cofinancingFirms ?? app.cofinancingFirms} error={e.cofinancingFirms} />
      </IntentForm>
    </details>
  );
}

export function AttachProgrammeForm({ app, programmes }: { app: App; programmes: Data["programmes"] }) {
  const { t, locale } = useI18n();
  const calendar = useCalendarDate();
  const { errors, e, v } = useIntent("attachProgramme");
  const name = (n: { nameFr: string; nameEn: string }) => (locale === "fr" ? n.nameFr : n.nameEn);
  return (
    <details className="section fd-edit" open={!!errors}>
      <summary>{app.programme ? t("funding.attach.change") : t("funding.attach.title")}</summary>
      {!app.programme ? <p className="muted">{t("funding.attach.lead", { text: app.programmeText ?? "" })}</p> : null}
      <IntentForm intent="attachProgramme" version={app.version} errors={errors} submit={t("funding.attach.submit")} secondary>
        <SelectField
          name="programmeId"
          label={t("funding.field.programme")}
          required
          placeholder={t("funding.choose")}
          defaultValue={v.programmeId ?? app.programmeId}
          options={programmes.map((p) => ({ value: p.id, label: `${name(p)} (${locale === "fr" ? p.funderNameFr : p.funderNameEn})` }))}
          error={e.programmeId}
        />
        <SelectField
          name="callId"
          label={t("funding.field.call")}
          placeholder={t("funding.new.noCall")}
          defaultValue={v.callId}
          groups={programmes.filter((p) => p.calls.length).map((p) => ({ label: name(p), options: p.calls.map((c) => ({ value: c.id, label: `${locale === "fr" ? c.labelFr : c.labelEn} — ${calendar(c.deadline)}` })) }))}
          error={e.callId}
        />
      </IntentForm>
    </details>
  );
}

export function MembersSection({ app, edit, clusters }: { app: App; edit: boolean; clusters: Data["clusters"] }) {
  const { t } = useI18n();
  const add = useIntent("addMember");
  const remove = useIntent("removeMember");
  return (
    <section aria-labelledby="members-title" className="section">
      <h2 id="members-title">
        {t("funding.members.title")} <span className="count">({app.members.length})</span>
      </h2>
      <ErrorSummary errors={remove.errors} />
      <ul className="fd-members">
        {app.members.map((m) => (
          <li key={m.clusterId}>
            <strong>{m.name}</strong>
            {m.clusterId === app.leadClusterId ? <span className="fd-tag">{t("funding.members.lead")}</span> : null}
            {m.role ? <span className="muted"> — {m.role}</span> : null}
            {edit && m.clusterId !== app.leadClusterId ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="removeMember" />
                <input type="hidden" name="clusterId" value={m.clusterId} />{" "}
                <button type="submit" className="link-button danger" aria-label={t("funding.members.removeNamed", { name: m.name })}>
                  {t("funding.members.remove")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {edit && clusters.length ? (
        <IntentForm intent="addMember" errors={add.errors} submit={t("funding.members.addSubmit")} secondary className="fd-inline-form">
          <SelectField name="clusterId" label={t("funding.members.add")} required placeholder={t("funding.choose")} defaultValue={add.v.clusterId} options={clusters.map((c) => ({ value: c.id, label: c.name }))} error={add.e.clusterId} />
          <TextField name="role" label={t("funding.members.role")} hint={t("funding.hint.role")} maxLength={120} defaultValue={add.v.role} error={add.e.role} />
        </IntentForm>
      ) : null}
    </section>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

export function DocumentsSection({ app, edit }: { app: App; edit: boolean }) {
  const { t } = useI18n();
  const add = useIntent("addDocument");
  const remove = useIntent("removeDocument");
  return (
    <section aria-labelledby="docs-title" className="section">
      <h2 id="docs-title">{t("funding.documents.title")}</h2>
      <ErrorSummary errors={remove.errors} />
      {app.documents.length === 0 ? (
        <p className="muted">{t("funding.documents.none")}</p>
      ) : (
        <ul className="fd-docs">
          {app.documents.map((d) => (
            <li key={d.id}>
              <a href={d.url} rel="noopener noreferrer nofollow" target="_blank">
                {d.label}
              </a>{" "}
              <span className="small muted">({hostOf(d.url)})</span>
              {edit ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="removeDocument" />
                  <input type="hidden" name="documentId" value={d.id} />{" "}
                  <button type="submit" className="link-button danger" aria-label={t("funding.documents.removeNamed", { label: d.label })}>
                    {t("funding.documents.remove")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {edit ? (
        <IntentForm intent="addDocument" errors={add.errors} submit={t("funding.documents.add")} secondary className="fd-inline-form">
          <TextField name="label" label={t("funding.documents.label")} required maxLength={200} defaultValue={add.v.label} error={add.e.label} />
          <TextField name="url" type="url" inputMode="url" label={t("funding.documents.url")} required defaultValue={add.v.url} error={add.e.url} />
        </IntentForm>
      ) : null}
    </section>
  );
}

export function CommentsSection({ app }: { app: App }) {
  const { t, dateTime } = useI18n();
  const { errors, e, v } = useIntent("comment");
  const result = useActionData() as ApplicationActionData | undefined;
  return (
    <section aria-labelledby="comments-title" className="section">
      <h2 id="comments-title">
        {t("funding.comments.title")} <span className="count">({app.comments.length})</span>
      </h2>
      {app.funder ? <p className="small muted">{t("funding.comments.private")}</p> : null}
      {app.comments.length === 0 ? <p className="muted">{t("funding.comments.none")}</p> : null}
      <ol className="fd-comments">
        {app.comments.map((c) => (
          <li key={c.id} className="card">
            <p className="small muted">
              <strong>{c.authorName ?? t("funding.comments.formerUser")}</strong> · <time dateTime={c.createdAt}>{dateTime(c.createdAt)}</time>
            </p>
            <p className="fd-note">{c.body}</p>
          </li>
        ))}
      </ol>
      <IntentForm key={result?.ok && result.intent === "comment" ? app.comments.length : "comment"} intent="comment" errors={errors} submit={t("funding.comments.submit")} secondary>
        <TextAreaField name="body" label={t("funding.comments.add")} required maxLength={4000} rows={3} defaultValue={v.body} error={e.body} />
      </IntentForm>
    </section>
  );
}
