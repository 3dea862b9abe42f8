/**
 * The network lexicon: the coordination sees the entries in force and their history, previews what
 * an entry (or its undo) would change in the proposals, then saves it; suggestions come from the
 * hand-made matches. The rules are in app/modules/matching/lexicon.ts, the storage in lexicon.server.ts.
 */
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { LEXICON_KINDS, type LexiconKind } from "@db/schema";
import { ChoiceGroup, ErrorSummary, FieldScope, TextField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { requireUser } from "~/modules/auth/require-user.server";
import { failureResponse, redirectWithNotice } from "~/modules/http/respond.server";
import type { MessageKey } from "~/modules/i18n";
import { pageTitle } from "~/modules/i18n/meta";
import {
  lexiconHistoryRows,
  lexiconSuggestions,
  previewEntry,
  previewUndo,
  readLexicon,
  saveEntry,
  undoEntry,
  type EntryPreview,
} from "~/modules/matching/lexicon.server";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "lexicon.title");

const SELF = "/coordination/lexicon";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "lexicon:manage", hide: true });
  const url = new URL(request.url);
  const undoId = Number(url.searchParams.get("undo"));
  const [state, history, suggestions, undo] = await Promise.all([
    readLexicon(),
    lexiconHistoryRows(),
    lexiconSuggestions(),
    Number.isSafeInteger(undoId) && undoId > 0 ? previewUndo(undoId) : Promise.resolve(null),
  ]);
  const kind = url.searchParams.get("kind");
  const prefill = {
    kind: (LEXICON_KINDS as readonly string[]).includes(kind ?? "") ? (kind as LexiconKind) : "synonym",
    a: (url.searchParams.get("a") ?? "").slice(0, 200),
    b: (url.searchParams.get("b") ?? "").slice(0, 200),
  };
  return json({ state, history, suggestions, undo: undo?.ok ? undo.value : null, undoGone: undo !== null && !undo.ok, prefill });
}

const entrySchema = z.object({
  intent: z.enum(["preview", "save"]),
  kind: z.enum(LEXICON_KINDS, { errorMap: () => ({ message: "lexicon.error.kind" }) }),
  a: z.string().optional(),
  b: z.string().optional(),
  version: z.coerce.number().int().min(0),
});
const undoSchema = z.object({ entryId: z.coerce.number().int().positive(), version: z.coerce.number().int().min(0) });

type ActionData = { ok: boolean; form: "entry" | "undo"; errors?: FieldErrors; values?: Record<string, string>; preview?: EntryPreview };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "lexicon:manage", hide: true });
  const form = await readForm(request);
  if (form.get("intent") === "undo") {
    const parsed = parseFormData(form, undoSchema);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "undo" });
    const r = await undoEntry(user, parsed.data.entryId, parsed.data.version);
    if (!r.ok) return failureResponse(r, parsed.values, { form: "undo" });
    return r.value.queued
      ? redirectWithNotice(SELF, "lexicon.notice.queued", { count: r.value.queued })
      : redirectWithNotice(SELF, "lexicon.notice.undone", { rematched: r.value.rematched });
  }
  const parsed = parseFormData(form, entrySchema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "entry" });
  const entry = { kind: parsed.data.kind, a: parsed.data.a ?? "", b: parsed.data.b ?? "" };
  if (parsed.data.intent === "preview") {
    const r = await previewEntry(entry);
    if (!r.ok) return failureResponse(r, parsed.values, { form: "entry" });
    return json<ActionData>({ ok: true, form: "entry", preview: r.value, values: parsed.values });
  }
  const r = await saveEntry(user, entry, parsed.data.version);
  if (!r.ok) return failureResponse(r, parsed.values, { form: "entry" });
  return r.value.queued
    ? redirectWithNotice(SELF, "lexicon.notice.queued", { count: r.value.queued })
    : redirectWithNotice(SELF, "lexicon.notice.saved", { rematched: r.value.rematched });
}

const SHOWN = 10;

function PreviewPanel({ preview, title }: { preview: EntryPreview; title: string }) {
  const { t } = useI18n();
  const list = (items: EntryPreview["added"], heading: MessageKey) =>
    items.length ? (
      <>
        <h4>{t(heading)}</h4>
        <ul className="lexicon-preview-list">
          {items.slice(0, SHOWN).map((m) => (
            <li key={m.key}>{m.titles.join(" ↔ ")}</li>
          ))}
          {items.length > SHOWN ? <li>{t("lexicon.preview.more", { count: items.length - SHOWN })}</li> : null}
        </ul>
      </>
    ) : null;
  return (
    <section className="notice notice-info lexicon-preview" aria-labelledby="lexicon-preview-title" role="status">
      <h3 id="lexicon-preview-title">{title}</h3>
      <p>
        <strong>{t("lexicon.preview.summary", { removed: preview.removed.length, added: preview.added.length })}</strong>
      </p>
      <p>{t("lexicon.preview.affected", { count: preview.affected, total: preview.total })}</p>
      {preview.warn ? <p className="field-error">{t("lexicon.preview.warn", { count: preview.affected, total: preview.total })}</p> : null}
      {list(preview.removed, "lexicon.preview.removed")}
      {list(preview.added, "lexicon.preview.added")}
    </section>
  );
}

export default function Lexicon() {
  const { t, date } = useI18n();
  const { state, history, suggestions, undo, undoGone, prefill } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const entry = data?.form === "entry" ? data : undefined;
  const undoData = data?.form === "undo" ? data : undefined;
  // the preview is for the values it was computed on: editing a field asks for a new one
  const [dirty, setDirty] = useState(false);
  useEffect(() => setDirty(false), [data]);
  const values = entry?.values ?? prefill;
  const kind = (entry?.values?.kind as LexiconKind | undefined) ?? prefill.kind;
  const preview = entry?.ok && entry.preview && !dirty ? entry.preview : null;
  const busy = navigation.state !== "idle";
  const terms = (e: { kind: LexiconKind; a: string; b: string }) => `${e.a} ${e.kind === "distinct" ? "≠" : "="} ${e.b}`;

  return (
    <>
      <p>
        <Link to="/coordination/matches">← {t("brokering.match.back")}</Link>
      </p>
      <h1>{t("lexicon.title")}</h1>
      <p className="lead">{t("lexicon.intro")}</p>

      <section className="card" aria-labelledby="lexicon-form-title" id="entry-form">
        <h2 id="lexicon-form-title">{t("lexicon.form.title")}</h2>
        <Form method="post" className="stack" noValidate onChange={() => setDirty(true)}>
          <FieldScope>
            <ErrorSummary errors={entry?.ok === false ? entry.errors : undefined} />
            <input type="hidden" name="version" value={state.version} />
            <ChoiceGroup
              name="kind"
              legend={t("lexicon.field.kind")}
              selected={[kind]}
              options={LEXICON_KINDS.map((k) => ({ value: k, label: t(`lexicon.kind.${k}`) }))}
              error={entry?.errors?.kind}
              required
            />
            <TextField name="a" label={t("lexicon.field.a")} hint={t("lexicon.field.hint")} defaultValue={values.a ?? ""} error={entry?.errors?.a} maxLength={200} required />
            <TextField name="b" label={t("lexicon.field.b")} defaultValue={values.b ?? ""} error={entry?.errors?.b} maxLength={200} required />
            <div className="actions">
              <button type="submit" name="intent" value="preview" className={preview ? "button secondary" : "button"} disabled={busy}>
                {t("lexicon.preview.button")}
              </button>
              {preview ? (
                <button type="submit" name="intent" value="save" className="button" disabled={busy}>
                  {t("lexicon.save.button")}
                </button>
              ) : null}
            </div>
            {preview ? <PreviewPanel preview={preview} title={t("lexicon.preview.title")} /> : null}
          </FieldScope>
        </Form>
      </section>

      {undo ? (
        <section className="card" aria-labelledby="lexicon-undo-title">
          <h2 id="lexicon-undo-title">{t("lexicon.preview.undoTitle", { a: undo.entry.a, b: undo.entry.b })}</h2>
          <PreviewPanel preview={undo} title={t("lexicon.preview.title")} />
          <Form method="post" className="stack" noValidate>
            <FieldScope>
              <ErrorSummary errors={undoData?.errors} />
              <input type="hidden" name="intent" value="undo" />
              <input type="hidden" name="entryId" value={undo.entry.id} />
              <input type="hidden" name="version" value={state.version} />
              <div className="actions">
                <button type="submit" className="button" disabled={busy}>
                  {t("lexicon.undo.confirm")}
                </button>
              </div>
            </FieldScope>
          </Form>
        </section>
      ) : undoGone ? (
        <p className="field-error">{t("lexicon.error.gone")}</p>
      ) : null}

      <section aria-labelledby="lexicon-active-title">
        <h2 id="lexicon-active-title">{t("lexicon.active.title")}</h2>
        {state.active.length === 0 ? (
          <p className="muted">{t("lexicon.active.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("lexicon.col.kind")}</th>
                  <th scope="col">{t("lexicon.col.terms")}</th>
                  <th scope="col">{t("lexicon.col.by")}</th>
                  <th scope="col">{t("lexicon.col.at")}</th>
                  <th scope="col">{t("lexicon.col.action")}</th>
                </tr>
              </thead>
              <tbody>
                {[...state.active].reverse().map((e) => (
                  <tr key={e.id}>
                    <td>{t(`lexicon.kindShort.${e.kind}`)}</td>
                    <td>{terms(e)}</td>
                    <td>{e.actorName ?? "—"}</td>
                    <td>{date(e.createdAt)}</td>
                    <td>
                      <Link to={`?undo=${e.id}`} aria-label={t("lexicon.undo.previewLabel", { a: e.a, b: e.b })}>
                        {t("lexicon.undo.preview")}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="lexicon-suggestions-title">
        <h2 id="lexicon-suggestions-title">{t("lexicon.suggestions.title")}</h2>
        <p className="hint">{t("lexicon.suggestions.intro")}</p>
        {suggestions.length === 0 ? (
          <p className="muted">{t("lexicon.suggestions.empty")}</p>
        ) : (
          <ul>
            {suggestions.map((s) => (
              <li key={s.matchId}>
                {s.needTitle} ↔ {s.offerTitle} —{" "}
                <Link to={`?${new URLSearchParams({ kind: "synonym", a: s.a, b: s.b })}#entry-form`}>{t("lexicon.suggestions.use", { a: s.a, b: s.b })}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="lexicon-history-title">
        <h2 id="lexicon-history-title">{t("lexicon.history.title")}</h2>
        {history.length === 0 ? (
          <p className="muted">{t("lexicon.history.empty")}</p>
        ) : (
          <ol className="lexicon-history">
            {history.map((h) => (
              <li key={h.id}>
                {date(h.at)} — {t(h.action === "add" ? "lexicon.history.add" : "lexicon.history.undo")} ({t(`lexicon.kindShort.${h.kind}`)}) — {terms(h)}
                {h.actorName ? ` — ${h.actorName}` : ""}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
