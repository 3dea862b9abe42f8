import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ApplicationFacts, StageHistory } from "~/components/funding/application-parts";
import { Field, MoneyField, Select, TextArea } from "~/components/funding/fields";
import { StageBadge, useCalendarDate } from "~/components/funding/pipeline-views";
import { FormErrors, Notice, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { can } from "~/modules/auth/permissions";
import { forbidden, notFound, requireUser } from "~/modules/auth/require-user.server";
import { listClusters } from "~/modules/clusters/clusters.server";
import {
  addComment,
  addDocument,
  attachProgramme,
  canEdit,
  getApplicationAccess,
  getApplicationDetail,
  localiseErrors,
  moveStage,
  removeDocument,
  removeMember,
  setMember,
  updateApplication,
} from "~/modules/funding/applications.server";
import { listProgrammeOptions, type WriteResult } from "~/modules/funding/programmes.server";
import { allowedMoves } from "~/modules/funding/stages";
import { attachProgrammeSchema, commentSchema, documentSchema, memberSchema, moveSchema, NOTE_MAX, updateApplicationSchema } from "~/modules/funding/validation";
import type { MessageKey } from "~/modules/i18n";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.app.title ?? ""} — Maillage` }];

/** Sign-in first (anonymous → sign-in page), then the application's consortium or the coordination; anyone else: 404. */
async function authorise(request: Request, id: string | undefined) {
  await requireUser(request);
  const access = await getApplicationAccess(id ?? "");
  if (!access) throw notFound();
  const user = await requireUser(request, { permission: "funding:application:view", clusterIds: access.clusterIds, hide: true });
  return { user, access };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, access } = await authorise(request, params.id);
  const app = await getApplicationDetail(access.id);
  if (!app) throw notFound();
  const edit = canEdit(user, access);
  const manage = can(user, "funding:manage");
  const [clusters, programmes] = await Promise.all([edit ? listClusters() : Promise.resolve([]), manage ? listProgrammeOptions() : Promise.resolve([])]);
  return json({
    app,
    edit,
    manage,
    moves: edit ? allowedMoves(app.stage) : [],
    clusters: clusters.filter((c) => !app.members.some((m) => m.clusterId === c.id)).map((c) => ({ id: c.id, name: c.name })),
    programmes,
  });
}

const intentSchema = z.object({
  intent: z.enum(["move", "update", "attachProgramme", "addMember", "removeMember", "comment", "addDocument", "removeDocument"]),
});

type ActionData = { ok: boolean; intent: string; errors?: FieldErrors; values?: Record<string, string>; message?: MessageKey };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, access } = await authorise(request, params.id);
  const form = await readForm(request);
  const which = intentSchema.safeParse({ intent: form.get("intent") });
  if (!which.success) return json<ActionData>({ ok: false, intent: "", errors: { _form: { key: "errorPage.400.body" } } }, { status: 400 });
  const intent = which.data.intent;
  const locale = negotiateLocale(request, user.locale);
  const done = (result: WriteResult<object>, values: Record<string, string>, message: MessageKey) => {
    if (result.ok) return json<ActionData>({ ok: true, intent, message });
    if (result.status === 403) throw forbidden();
    if (result.status === 404) throw notFound();
    const status = result.status;
    return json<ActionData>({ ok: false, intent, errors: localiseErrors(result.errors, locale), values }, { status });
  };
  const parse = <S extends z.ZodTypeAny>(schema: S) => parseFormData(form, schema);
  switch (intent) {
    case "move": {
      const p = parse(moveSchema);
      if (!p.ok) return invalid(p.errors, p.values, { intent });
      return done(await moveStage(user, access.id, p.data), p.values, "funding.moved");
    }
    case "update": {
      const p = parse(updateApplicationSchema);
      if (!p.ok) return invalid(p.errors, p.values, { intent });
      return done(await updateApplication(user, access.id, p.data), p.values, "funding.saved");
    }
    case "attachProgramme": {
      const p = parse(attachProgrammeSchema);
      if (!p.ok) return invalid(p.errors, p.values, { intent });
      return done(await attachProgramme(user, access.id, p.data), p.values, "funding.programmeAttached");
    }
    case "addMember": {
      const p = parse(memberSchema);
      if (!p.ok) return invalid(p.errors, p.values, { intent });
      return done(await setMember(user, access.id, p.data), p.values, "funding.members.added");
    }
    case "removeMember": {
      const p = parse(memberSchema);
      if (!p.ok) return invalid(p.errors, p.values, { intent });
      return done(await removeMember(user, access.id, p.data.clusterId), p.values, "funding.members.removed");
    }
    case "comment": {
      const p = parse(commentSchema);
      if (!p.ok) return invalid(p.errors, p.values, { intent });
      return done(await addComment(user, access.id, p.data.body), {}, "funding.comments.added");
    }
    case "addDocument": {
      const p = parse(documentSchema);
      if (!p.ok) return invalid(p.errors, p.values, { intent });
      return done(await addDocument(user, access.id, p.data), p.values, "funding.documents.added");
    }
    case "removeDocument": {
      const p = parse(z.object({ documentId: z.string().uuid("error.invalid") }));
      if (!p.ok) return invalid(p.errors, p.values, { intent });
      return done(await removeDocument(user, access.id, p.data.documentId), p.values, "funding.documents.removed");
    }
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

export default function ApplicationPage() {
  const { app, edit, manage, moves, clusters, programmes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionData & { intent?: string }) | undefined;
  const [params] = useSearchParams();
  const { t, locale, dateTime } = useI18n();
  const calendar = useCalendarDate();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string) => (result && !result.ok && result.intent === intent ? (result.errors ?? {}) : {});
  const valuesFor = (intent: string) => (result && !result.ok && result.intent === intent ? (result.values ?? {}) : {});
  const name = (n: { nameFr: string; nameEn: string }) => (locale === "fr" ? n.nameFr : n.nameEn);
  const em = errorsFor("move");
  const vm = valuesFor("move");
  const eu = errorsFor("update");
  const vu = valuesFor("update");
  const ea = errorsFor("attachProgramme");
  const emem = { ...errorsFor("addMember"), ...errorsFor("removeMember") };
  const ec = errorsFor("comment");
  const vc = valuesFor("comment");
  const ed = errorsFor("addDocument");
  const vd = valuesFor("addDocument");
  const awardOpen = app.stage === "awarded" || (app.stage === "closed" && app.amountAwarded !== null);
  return (
    <article className="fd-application">
      <p>
        <Link to="/funding">← {t("funding.applications.back")}</Link>
      </p>
      <h1>{app.title}</h1>
      <p className="fd-status-line">
        <StageBadge stage={app.stage} /> <span className="small muted">{t("funding.board.since", { date: dateTime(app.stageChangedAt) })}</span>
      </p>
      {params.get("created") && !result ? <Notice>{t("funding.created")}</Notice> : null}
      {result?.ok && result.message ? <Notice>{t(result.message)}</Notice> : null}
      {result && !result.ok && result.errors?._form ? <FormErrors errors={result.errors} /> : null}
      {app.summary ? <p className="lead">{app.summary}</p> : null}
      <ApplicationFacts app={app} />

      {edit ? (
        <section aria-labelledby="move-title" className="card section fd-move">
          <h2 id="move-title">{t("funding.move.title")}</h2>
          {moves.length === 0 ? (
            <p className="muted">{t("funding.move.none")}</p>
          ) : (
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="move" />
              <input type="hidden" name="version" value={app.version} />
              <Select
                form="mv"
                name="to"
                label={t("funding.move.to")}
                required
                defaultValue={vm.to ?? moves[0]?.to}
                options={moves.map((m) => ({ value: m.to, label: `${t(`funding.stage.${m.to}`)}${m.kind === "backward" ? ` — ${t("funding.move.backward")}` : m.kind === "withdraw" ? ` — ${t("funding.move.withdraw")}` : ""}` }))}
                error={em.to}
              />
              <TextArea form="mv" name="note" label={t("funding.move.note")} hint={t("funding.hint.note")} maxLength={NOTE_MAX} rows={3} defaultValue={vm.note} error={em.note} />
              {moves.some((m) => m.to === "awarded") ? (
                <MoneyField form="mv" name="amountAwarded" label={t("funding.field.amountAwarded")} hint={t("funding.hint.amountAwarded")} defaultValue={vm.amountAwarded} error={em.amountAwarded} />
              ) : em.amountAwarded ? (
                <FormErrors errors={{ _form: em.amountAwarded }} />
              ) : null}
              <p>
                <button type="submit" className="button" disabled={busy}>
                  {t("funding.move.submit")}
                </button>
              </p>
            </Form>
          )}
        </section>
      ) : null}

      {edit ? (
        <details className="section fd-edit" open={Object.keys(eu).length > 0}>
          <summary>{t("funding.edit.title")}</summary>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="version" value={app.version} />
            <Field form="ed" name="title" label={t("funding.field.title")} required maxLength={200} defaultValue={vu.title ?? app.title} error={eu.title} />
            <TextArea form="ed" name="summary" label={t("funding.field.summary")} maxLength={4000} defaultValue={vu.summary ?? app.summary} error={eu.summary} />
            <Field form="ed" name="deadline" type="date" label={t("funding.field.deadline")} defaultValue={vu.deadline ?? app.deadline} error={eu.deadline} />
            <MoneyField form="ed" name="amountRequested" label={t("funding.field.amountRequested")} hint={t("funding.hint.money")} defaultValue={vu.amountRequested ?? app.amountRequested} error={eu.amountRequested} />
            {awardOpen ? <MoneyField form="ed" name="amountAwarded" label={t("funding.field.amountAwarded")} defaultValue={vu.amountAwarded ?? app.amountAwarded} error={eu.amountAwarded} /> : null}
            <MoneyField form="ed" name="cofinancingPublic" label={t("funding.cofinancing.public")} defaultValue={vu.cofinancingPublic ?? app.cofinancingPublic} error={eu.cofinancingPublic} />
            <MoneyField form="ed" name="cofinancingClusters" label={t("funding.cofinancing.clusters")} defaultValue={vu.cofinancingClusters ?? app.cofinancingClusters} error={eu.cofinancingClusters} />
            <MoneyField form="ed" name="cofinancingFirms" label={t("funding.cofinancing.firms")} defaultValue={vu.cofinancingFirms ?? app.cofinancingFirms} error={eu.cofinancingFirms} />
            <p>
              <button type="submit" className="button secondary" disabled={busy}>
                {t("funding.edit.submit")}
              </button>
            </p>
          </Form>
        </details>
      ) : null}

      {manage ? (
        <details className="section fd-edit" open={Object.keys(ea).length > 0}>
          <summary>{app.programme ? t("funding.attach.change") : t("funding.attach.title")}</summary>
          {!app.programme ? <p className="muted">{t("funding.attach.lead", { text: app.programmeText ?? "" })}</p> : null}
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="attachProgramme" />
            <input type="hidden" name="version" value={app.version} />
            <Select
              form="at"
              name="programmeId"
              label={t("funding.field.programme")}
              required
              placeholder={t("funding.choose")}
              defaultValue={app.programmeId}
              options={programmes.map((p) => ({ value: p.id, label: `${name(p)} (${locale === "fr" ? p.funderNameFr : p.funderNameEn})` }))}
              error={ea.programmeId}
            />
            <Select
              form="at"
              name="callId"
              label={t("funding.field.call")}
              placeholder={t("funding.new.noCall")}
              groups={programmes.filter((p) => p.calls.length).map((p) => ({ label: name(p), options: p.calls.map((c) => ({ value: c.id, label: `${locale === "fr" ? c.labelFr : c.labelEn} — ${calendar(c.deadline)}` })) }))}
              error={ea.callId}
            />
            <p>
              <button type="submit" className="button secondary" disabled={busy}>
                {t("funding.attach.submit")}
              </button>
            </p>
          </Form>
        </details>
      ) : null}

      <section aria-labelledby="members-title" className="section">
        <h2 id="members-title">
          {t("funding.members.title")} <span className="count">({app.members.length})</span>
        </h2>
        {emem.clusterId ? <FormErrors errors={{ _form: emem.clusterId }} /> : null}
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
          <Form method="post" className="fd-inline-form">
            <input type="hidden" name="intent" value="addMember" />
            <Select form="mb" name="clusterId" label={t("funding.members.add")} required placeholder={t("funding.choose")} options={clusters.map((c) => ({ value: c.id, label: c.name }))} />
            <Field form="mb" name="role" label={t("funding.members.role")} hint={t("funding.hint.role")} maxLength={120} />
            <button type="submit" className="button secondary" disabled={busy}>
              {t("funding.members.addSubmit")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="docs-title" className="section">
        <h2 id="docs-title">{t("funding.documents.title")}</h2>
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
          <Form method="post" className="fd-inline-form" noValidate>
            <input type="hidden" name="intent" value="addDocument" />
            <Field form="dc" name="label" label={t("funding.documents.label")} required maxLength={200} defaultValue={vd.label} error={ed.label} />
            <Field form="dc" name="url" type="url" inputMode="url" label={t("funding.documents.url")} required defaultValue={vd.url} error={ed.url} />
            <button type="submit" className="button secondary" disabled={busy}>
              {t("funding.documents.add")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="history-title" className="section">
        <h2 id="history-title">{t("funding.history.title")}</h2>
        <StageHistory changes={app.changes} />
      </section>

      <section aria-labelledby="comments-title" className="section">
        <h2 id="comments-title">
          {t("funding.comments.title")} <span className="count">({app.comments.length})</span>
        </h2>
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
        <Form method="post" className="stack" noValidate key={result?.ok && result.intent === "comment" ? app.comments.length : "comment"}>
          <input type="hidden" name="intent" value="comment" />
          <TextArea form="cm" name="body" label={t("funding.comments.add")} required maxLength={4000} rows={3} defaultValue={vc.body} error={ec.body} />
          <p>
            <button type="submit" className="button secondary" disabled={busy}>
              {t("funding.comments.submit")}
            </button>
          </p>
        </Form>
      </section>
    </article>
  );
}
