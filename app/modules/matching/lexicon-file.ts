/**
 * The lexicon file of the command line (`npm run match -- --file postings.json --lexicon lexicon.json`):
 *
 *   { "entries": [ { "kind": "synonym" | "abbreviation" | "distinct", "terms": ["GES", "GHG"] }, … ],
 *     "rejected": [ { "members": ["need-id", "offer-id"] }, … ] }     // optional: "not the same resource"
 *
 * Checked with the rules of the coordinator's page (lexicon.ts); each fault is reported with the path
 * of its field ("entries[2].terms[0]: …").
 */
import { z } from "zod";
import { formatPath, formatZodIssues, type FileRead } from "../interchange";
import { checkEntry, compileLexicon, LEXICON_KIND_LIST, type CompiledLexicon, type LexiconEntry, type LexiconKind, type RejectedSet } from "./lexicon";
import type { MatchPosting } from "./types";

const LexiconFileSchema = z
  .object({
    entries: z.array(
      z
        .object({
          kind: z.enum(LEXICON_KIND_LIST as [LexiconKind, ...LexiconKind[]]),
          terms: z.tuple([z.string(), z.string()]),
        })
        .strict(),
    ),
    rejected: z.array(z.object({ members: z.array(z.string().min(1)).min(2) }).strict()).optional(),
  })
  .strict();

export interface LexiconFile {
  entries: LexiconEntry[];
  rejected: string[][];
}

const PROBLEM_TEXT: Record<string, string> = {
  required: "required (an empty term)",
  tooShort: "too short (one character)",
  tooLong: "too long",
  stopWord: "a stop word only (it says nothing about a resource)",
  sameTerm: "the same term on both sides",
  duplicate: "duplicate of an earlier entry",
  contradicts: "contradicts an earlier entry (same terms, other kind)",
  kind: "invalid kind",
};

/** Validate a parsed lexicon file: the entries, or every fault with its path. */
export function parseLexiconFile(json: unknown): FileRead<LexiconFile> {
  const r = LexiconFileSchema.safeParse(json);
  if (!r.success) return { ok: false, errors: formatZodIssues(r.error.issues) };
  const errors: string[] = [];
  const entries: LexiconEntry[] = [];
  r.data.entries.forEach((e, i) => {
    const entry: LexiconEntry = { kind: e.kind, a: e.terms[0], b: e.terms[1] };
    for (const p of checkEntry(entry, entries)) {
      const path = p.field === "kind" ? ["entries", i, "kind"] : ["entries", i, "terms", p.field === "a" ? 0 : 1];
      errors.push(`${formatPath(path)}: ${PROBLEM_TEXT[p.problem]}`);
    }
    entries.push(entry);
  });
  return errors.length ? { ok: false, errors } : { ok: true, data: { entries, rejected: (r.data.rejected ?? []).map((x) => x.members) } };
}

/** The file's lexicon for these postings; a rejected id that is not a posting is a fault with its path. */
export function lexiconForPostings(file: LexiconFile, postings: readonly MatchPosting[]): FileRead<CompiledLexicon> {
  const byId = new Map(postings.map((p) => [p.id, p]));
  const errors: string[] = [];
  const rejected: RejectedSet[] = [];
  file.rejected.forEach((ids, i) => {
    const members = ids.map((id, k) => {
      const p = byId.get(id);
      if (!p) errors.push(`${formatPath(["rejected", i, "members", k])}: no posting with id "${id}"`);
      return p;
    });
    if (members.some((m) => !m)) return;
    const ms = members as MatchPosting[];
    const pair = ms.length === 2 && ms[0].kind !== ms[1].kind;
    // a pair's members in the engine's order: the need first
    rejected.push({ type: pair ? "need_offer" : "pool", members: pair ? [...ms].sort((x) => (x.kind === "need" ? -1 : 1)) : ms });
  });
  return errors.length ? { ok: false, errors } : { ok: true, data: compileLexicon(file.entries, rejected) };
}
