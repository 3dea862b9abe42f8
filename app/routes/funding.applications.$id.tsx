import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ApplicationFacts, StageHistory } from "~/components/funding/application-parts";
import { AttachProgrammeForm, CommentsSection, DocumentsSection, EditApplicationForm, MembersSection, MoveForm, type ApplicationActionData } from "~/components/funding/application-forms";
import { StageBadge } from "~/components/funding/pipeline-views";
import { ErrorSummary, Notice, type FieldErrors } from "~/components/form";
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
import { attachProgrammeSchema, commentSchema, documentSchema, memberSchema, moveSchema, updateApplicationSchema } from "~/modules/funding/validation";
import type { MessageKey } from "~/modules/i18n";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.app.title);

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

export default function ApplicationPage() {
  const { app, edit, manage, moves, clusters, programmes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ApplicationActionData | undefined;
  const [params] = useSearchParams();
  const { t, dateTime } = useI18n();
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
      {result && !result.ok && !result.intent ? <ErrorSummary errors={result.errors} /> : null}
      {app.summary ? <p className="lead">{app.summary}</p> : null}
      <ApplicationFacts app={app} />
      {edit ? <MoveForm app={app} moves={moves} /> : null}
      {edit ? <EditApplicationForm app={app} /> : null}
      {manage ? <AttachProgrammeForm app={app} programmes={programmes} /> : null}
      <MembersSection app={app} edit={edit} clusters={clusters} />
      <DocumentsSection app={app} edit={edit} />
      <section aria-labelledby="history-title" className="section">
        <h2 id="history-title">{t("funding.history.title")}</h2>
        <StageHistory changes={app.changes} />
      </section>
      <CommentsSection app={app} />
    </article>
  );
}
