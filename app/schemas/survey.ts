import { z } from "zod";
import type { ChoiceOption, Locale, Localized, QuestionType, SurveyStatus } from "../../db/schema";
import { endOfLocalDay, formatLocalDay } from "~/utils/dates";
import { CONTROL_MESSAGE, hasControlChars } from "./text";
import { isUuid } from "~/utils/uuid";

/**
 * The survey builder's form. Field names are flat paths (questions.0.prompt.ko) so the page works
 * as a plain form post; `draftFromForm` turns them into a draft of strings (what the page shows
 * again, typed text intact), and `surveySchema` validates a draft into what the model saves.
 */
export const questionTypes = ["nps", "csat", "ces", "rating", "single", "multi", "text"] as const satisfies readonly QuestionType[];
export const metricQuestionTypes = ["nps", "csat", "ces", "rating"] as const;
export const choiceQuestionTypes = ["single", "multi"] as const;
export const surveyStatuses = ["draft", "open", "closed"] as const satisfies readonly SurveyStatus[];

export const isMetricType = (t: string) => (metricQuestionTypes as readonly string[]).includes(t);
export const isChoiceType = (t: string) => (choiceQuestionTypes as readonly string[]).includes(t);

export const MAX_QUESTIONS = 100;
export const MAX_OPTIONS = 50;

type Pair = { ko: string; en: string };

export type QuestionDraft = {
  id: string;
  type: QuestionType;
  required: boolean;
  page: string;
  prompt: Pair;
  why: boolean;
  whyPrompt: Pair;
  /** One option per line, in each language. */
  options: Pair;
};

/** The languages a survey is written in, as the builder's picker names them. */
export const surveyLanguageChoices = ["both", "ko", "en"] as const;
export type SurveyLanguageChoice = (typeof surveyLanguageChoices)[number];
export const languagesOf = (c: SurveyLanguageChoice): Locale[] => (c === "both" ? ["ko", "en"] : [c]);
export const languageChoiceOf = (langs: readonly string[] | null | undefined): SurveyLanguageChoice =>
  langs && langs.length === 1 && (langs[0] === "ko" || langs[0] === "en") ? langs[0] : "both";

export type SurveyDraft = {
  languages: SurveyLanguageChoice;
  title: Pair;
  intro: Pair;
  status: SurveyStatus;
  anonymous: boolean;
  /** YYYY-MM-DD or "" */
  closesAt: string;
  responseLimit: string;
  questions: QuestionDraft[];
};

const str = (v: unknown): string => (typeof v === "string" ? v : Array.isArray(v) ? String(v[0] ?? "") : "");
const on = (v: unknown) => v === "on" || v === "true" || v === "1" || (Array.isArray(v) && v.includes("on"));

export const defaultWhyPrompt: Pair = { ko: "그렇게 평가하신 가장 큰 이유는 무엇인가요?", en: "What is the main reason for your score?" };

export function emptyQuestion(type: QuestionType = "nps"): QuestionDraft {
  return {
    id: "",
    type,
    required: true,
    page: "1",
    prompt: { ko: "", en: "" },
    why: isMetricType(type),
    whyPrompt: isMetricType(type) ? { ...defaultWhyPrompt } : { ko: "", en: "" },
    options: { ko: "", en: "" },
  };
}

export function emptySurvey(): SurveyDraft {
  return {
    languages: "both",
    title: { ko: "", en: "" },
    intro: { ko: "", en: "" },
    status: "draft",
    anonymous: false,
    closesAt: "",
    responseLimit: "",
    questions: [emptyQuestion("nps")],
  };
}

/** The posted form as a draft: never throws, keeps whatever was typed. */
export function draftFromForm(values: Record<string, string | string[]>): SurveyDraft {
  const indexes = new Set<number>();
  for (const key of Object.keys(values)) {
    const m = /^questions\.(\d{1,3})\./.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  // More than MAX_QUESTIONS is refused by surveySchema (not cut off here without a word).
  const questions = [...indexes]
    .sort((a, b) => a - b)
    .map((i): QuestionDraft => {
      const f = (name: string) => str(values[`questions.${i}.${name}`]);
      const type = (questionTypes as readonly string[]).includes(f("type")) ? (f("type") as QuestionType) : "text";
      return {
        id: f("id"),
        type,
        required: on(values[`questions.${i}.required`]),
        page: f("page"),
        prompt: { ko: f("prompt.ko"), en: f("prompt.en") },
        why: on(values[`questions.${i}.why`]),
        whyPrompt: { ko: f("whyPrompt.ko"), en: f("whyPrompt.en") },
        options: { ko: f("options.ko"), en: f("options.en") },
      };
    });
  const status = str(values.status);
  const languages = str(values.languages);
  return {
    // Absent (an older form) means both, as before.
    languages: (surveyLanguageChoices as readonly string[]).includes(languages) ? (languages as SurveyLanguageChoice) : "both",
    title: { ko: str(values["title.ko"]), en: str(values["title.en"]) },
    intro: { ko: str(values["intro.ko"]), en: str(values["intro.en"]) },
    status: (surveyStatuses as readonly string[]).includes(status) ? (status as SurveyStatus) : "draft",
    anonymous: on(values.anonymous),
    closesAt: str(values.closesAt),
    responseLimit: str(values.responseLimit),
    questions,
  };
}

export function optionLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** Today's date (UTC) as YYYY-MM-DD, the format of a date input. */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && isoDay(d) === s;
}

/** A survey closes at the end of its close date in the organisation's zone. */
export const closesAtOf = (day: string, timeZone: string) => endOfLocalDay(day, timeZone)!;

export type ParsedQuestion = {
  id: string | undefined;
  type: QuestionType;
  required: boolean;
  page: number;
  prompt: Localized;
  whyPrompt: Localized | null;
  /** Labels only; `assignOptionValues` gives them their stable values. */
  optionLabels: { ko: string; en: string }[];
};

export type ParsedSurvey = {
  languages: Locale[];
  title: Localized;
  intro: Localized;
  status: SurveyStatus;
  anonymous: boolean;
  closesAt: Date | null;
  responseLimit: number | null;
  questions: ParsedQuestion[];
};

const pairShape = z.object({ ko: z.string(), en: z.string() });
const draftShape = z.object({
  languages: z.enum(surveyLanguageChoices),
  title: pairShape,
  intro: pairShape,
  status: z.string(),
  anonymous: z.boolean(),
  closesAt: z.string(),
  responseLimit: z.string(),
  questions: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      required: z.boolean(),
      page: z.string(),
      prompt: pairShape,
      why: z.boolean(),
      whyPrompt: pairShape,
      options: pairShape,
    }),
  ),
});

/**
 * today: YYYY-MM-DD in timeZone (the organisation's); a close date before it is refused, except keepClosesOn (the date already
 * saved), so a survey that has closed by date can still be edited.
 *
 * Every check runs in one pass, so the page shows all problems at once (zod skips a transform
 * once an inner field has failed, which would hide the rest).
 */
export function surveySchema(opts: { today: string; timeZone: string; keepClosesOn?: string | null }) {
  return draftShape.transform((s, ctx): ParsedSurvey => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const langs = languagesOf(s.languages);
    /** Trimmed text in the survey's languages (the other language is dropped); required ones must be there in each. */
    const both = (path: (string | number)[], v: { ko: string; en: string }, max: number, required: boolean, multiline = false) => {
      const out = { ko: langs.includes("ko") ? v.ko.trim() : "", en: langs.includes("en") ? v.en.trim() : "" };
      for (const lang of langs) {
        if (hasControlChars(v[lang], multiline)) issue([...path, lang], CONTROL_MESSAGE);
        else if (required && !out[lang]) issue([...path, lang], lang === "ko" ? "surveys.error.requiredKo" : "surveys.error.requiredEn");
        else if (out[lang].length > max) issue([...path, lang], "surveys.error.tooLong");
      }
      return out;
    };

    const title = both(["title"], s.title, 200, true);
    const intro = both(["intro"], s.intro, 2000, false, true);
    if (!(surveyStatuses as readonly string[]).includes(s.status)) issue(["status"], "validation.invalid");
    for (const field of ["closesAt", "responseLimit"] as const) if (hasControlChars(s[field])) issue([field], CONTROL_MESSAGE);

    let closesAt: Date | null = null;
    const day = s.closesAt.trim();
    if (day) {
      if (!isRealDate(day)) issue(["closesAt"], "validation.date");
      else if (day < opts.today && day !== opts.keepClosesOn) issue(["closesAt"], "surveys.error.closesInPast");
      else closesAt = closesAtOf(day, opts.timeZone);
    }
    let responseLimit: number | null = null;
    const limit = s.responseLimit.trim();
    if (limit) {
      if (!/^\d{1,9}$/.test(limit) || Number(limit) < 1) issue(["responseLimit"], "surveys.error.responseLimit");
      else responseLimit = Number(limit);
    }
    if (s.questions.length === 0) issue(["_form"], "surveys.error.noQuestions");
    if (s.questions.length > MAX_QUESTIONS) issue(["_form"], "surveys.error.tooManyQuestions");

    const questions = s.questions.map((q, i): ParsedQuestion => {
      const at = (...rest: (string | number)[]) => ["questions", i, ...rest];
      const id = q.id.trim();
      if (id && !isUuid(id)) issue(at("id"), "validation.invalid");
      const type = (questionTypes as readonly string[]).includes(q.type) ? (q.type as QuestionType) : null;
      if (!type) issue(at("type"), "validation.invalid");
      let page = 1;
      const pageText = q.page.trim();
      if (pageText !== "") {
        if (!/^\d{1,4}$/.test(pageText) || Number(pageText) < 1) issue(at("page"), "surveys.error.page");
        else page = Number(pageText);
      }
      const prompt = both(at("prompt"), q.prompt, 1000, true, true);
      const metric = !!type && isMetricType(type);
      const whyPrompt = metric && q.why ? both(at("whyPrompt"), q.whyPrompt, 500, true) : null;
      const optionLabels: { ko: string; en: string }[] = [];
      if (type && isChoiceType(type)) {
        const ko = langs.includes("ko") ? optionLines(q.options.ko) : [];
        const en = langs.includes("en") ? optionLines(q.options.en) : [];
        const opt = (lang: "ko" | "en", message: string) => issue(at("options", lang), message);
        const dup = (ls: string[]) => new Set(ls.map((l) => l.toLocaleLowerCase())).size !== ls.length;
        for (const [lang, lines] of ([["ko", ko], ["en", en]] as const).filter(([l]) => langs.includes(l))) {
          if (hasControlChars(q.options[lang], true)) opt(lang, CONTROL_MESSAGE);
          else if (lines.length === 0) opt(lang, "surveys.error.optionsEmpty");
          else if (lines.length > MAX_OPTIONS) opt(lang, "surveys.error.optionsTooMany");
          else if (lines.some((l) => l.length > 200)) opt(lang, "surveys.error.tooLong");
          else if (dup(lines)) opt(lang, "surveys.error.optionsDuplicate");
        }
        if (ko.length && en.length && ko.length !== en.length) opt("en", "surveys.error.optionsCount");
        if (langs.length === 2) for (let k = 0; k < Math.min(ko.length, en.length); k++) optionLabels.push({ ko: ko[k], en: en[k] });
        else for (const line of langs[0] === "ko" ? ko : en) optionLabels.push({ ko: langs[0] === "ko" ? line : "", en: langs[0] === "en" ? line : "" });
      }
      return { id: id || undefined, type: type ?? "text", required: q.required, page, prompt, whyPrompt, optionLabels };
    });

    return { languages: langs, title, intro, status: s.status as SurveyStatus, anonymous: s.anonymous, closesAt, responseLimit, questions };
  });
}

function slug(label: string): string {
  return label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

/**
 * Stable option values across edits: an option keeps its stored value when its Korean or its
 * English label is unchanged (so fixing a typo in one language keeps answers attached); a new
 * option gets a value from its English label, made unique.
 */
export function assignOptionValues(existing: ChoiceOption[], labels: { ko: string; en: string }[]): ChoiceOption[] {
  const used = new Set<string>();
  const claimed = new Set<ChoiceOption>();
  const out: (ChoiceOption | null)[] = labels.map(() => null);
  const match = (pred: (o: ChoiceOption, l: { ko: string; en: string }) => boolean) => {
    labels.forEach((l, i) => {
      if (out[i]) return;
      const found = existing.find((o) => !claimed.has(o) && !used.has(o.value) && pred(o, l));
      if (found) {
        claimed.add(found);
        used.add(found.value);
        out[i] = { value: found.value, label: { ko: l.ko, en: l.en } };
      }
    });
  };
  match((o, l) => o.label.ko === l.ko && o.label.en === l.en);
  // An empty label (a one-language survey) matches nothing, or every option would match the first.
  match((o, l) => (!!l.en && o.label.en === l.en) || (!!l.ko && o.label.ko === l.ko));
  const taken = new Set([...used, ...existing.map((o) => o.value)]);
  return labels.map((l, i) => {
    if (out[i]) return out[i]!;
    const base = slug(l.en) || "option";
    let value = base;
    for (let n = 2; taken.has(value); n++) value = `${base}-${n}`;
    taken.add(value);
    return { value, label: { ko: l.ko, en: l.en } };
  });
}

/** A stored survey as the builder's draft; the close date is the day it ends in timeZone (the organisation's). */
export function draftFromSurvey(timeZone: string, s: {
  languages?: Locale[];
  title: Localized;
  intro: Localized;
  status: SurveyStatus;
  anonymous: boolean;
  closes_at: Date | string | null;
  response_limit: number | null;
  questions: { id: string; type: QuestionType; required: boolean; page: number; prompt: Localized; why_prompt: Localized | null; options: ChoiceOption[] }[];
}): SurveyDraft {
  return {
    languages: languageChoiceOf(s.languages),
    title: { ko: s.title.ko ?? "", en: s.title.en ?? "" },
    intro: { ko: s.intro?.ko ?? "", en: s.intro?.en ?? "" },
    status: s.status,
    anonymous: s.anonymous,
    closesAt: s.closes_at ? formatLocalDay(s.closes_at, timeZone) : "",
    responseLimit: s.response_limit ? String(s.response_limit) : "",
    questions: s.questions.map((q) => ({
      id: q.id,
      type: q.type,
      required: q.required,
      page: String(q.page),
      prompt: { ko: q.prompt.ko ?? "", en: q.prompt.en ?? "" },
      why: !!q.why_prompt,
      whyPrompt: q.why_prompt ? { ko: q.why_prompt.ko ?? "", en: q.why_prompt.en ?? "" } : isMetricType(q.type) ? { ...defaultWhyPrompt } : { ko: "", en: "" },
      options: {
        ko: (q.options ?? []).map((o) => o.label.ko ?? "").join("\n"),
        en: (q.options ?? []).map((o) => o.label.en ?? "").join("\n"),
      },
    })),
  };
}

/** Builder buttons other than Save: add, remove, move. Nothing is saved by these. */
export type BuilderIntent =
  | { kind: "save" }
  | { kind: "add"; type: QuestionType }
  | { kind: "remove" | "up" | "down"; index: number };

export function parseIntent(raw: unknown, addType: unknown): BuilderIntent {
  const s = str(raw);
  if (s === "add") {
    const t = str(addType);
    return { kind: "add", type: (questionTypes as readonly string[]).includes(t) ? (t as QuestionType) : "nps" };
  }
  const m = /^(remove|up|down):(\d{1,3})$/.exec(s);
  if (m) return { kind: m[1] as "remove" | "up" | "down", index: Number(m[2]) };
  return { kind: "save" };
}

/** Applies add / remove / move to a draft; returns the index to focus afterwards. */
export function applyIntent(draft: SurveyDraft, intent: BuilderIntent): { draft: SurveyDraft; focus: string | null } {
  const qs = [...draft.questions];
  let focus: string | null = null;
  if (intent.kind === "add") {
    if (qs.length >= MAX_QUESTIONS) return { draft, focus: null };
    const q = emptyQuestion(intent.type);
    // A new question lands on the last page in use.
    const last = qs[qs.length - 1];
    if (last && /^\d+$/.test(last.page)) q.page = last.page;
    qs.push(q);
    focus = `questions.${qs.length - 1}.prompt.ko`;
  } else if (intent.kind === "remove") {
    if (intent.index < qs.length) qs.splice(intent.index, 1);
    focus = qs.length ? `questions.${Math.min(intent.index, qs.length - 1)}.prompt.ko` : "addType";
  } else if (intent.kind === "up" || intent.kind === "down") {
    const i = intent.index;
    const j = intent.kind === "up" ? i - 1 : i + 1;
    if (i < qs.length && j >= 0 && j < qs.length) {
      [qs[i], qs[j]] = [qs[j], qs[i]];
      focus = `questions.${j}.${intent.kind}`;
    }
  }
  return { draft: { ...draft, questions: qs }, focus };
}

export type BuilderStep =
  | { kind: "draft"; draft: SurveyDraft; focus: string | null }
  | { kind: "invalid"; draft: SurveyDraft; errors: Record<string, string> }
  | { kind: "valid"; draft: SurveyDraft; survey: ParsedSurvey };

/** One builder post: an add / remove / move re-renders the draft; Save validates it. */
export function builderStep(values: Record<string, string | string[]>, opts: { today: string; timeZone: string; keepClosesOn?: string | null }): BuilderStep {
  const draft = draftFromForm(values);
  const intent = parseIntent(values.intent, values.addType);
  if (intent.kind !== "save") return { kind: "draft", ...applyIntent(draft, intent) };
  const parsed = surveySchema(opts).safeParse(draft);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".") || "_form"] ??= issue.message;
    return { kind: "invalid", draft, errors };
  }
  return { kind: "valid", draft, survey: parsed.data };
}

/** The validated survey as the model saves it, each choice given its stable value. */
export function toSurveyInput(survey: ParsedSurvey, existingOptions: Record<string, ChoiceOption[]> = {}) {
  return {
    languages: survey.languages,
    title: survey.title,
    intro: survey.intro,
    status: survey.status,
    anonymous: survey.anonymous,
    closesAt: survey.closesAt,
    responseLimit: survey.responseLimit,
    questions: survey.questions.map((q) => ({
      id: q.id,
      type: q.type,
      required: q.required,
      page: q.page,
      prompt: q.prompt,
      whyPrompt: q.whyPrompt,
      options: isChoiceType(q.type) ? assignOptionValues((q.id && existingOptions[q.id]) || [], q.optionLabels) : [],
    })),
  };
}

/** A status change from the survey list. */
export const statusChangeSchema = z.object({
  surveyId: z.string().refine(isUuid, "validation.invalid"),
  status: z.enum(surveyStatuses, { message: "validation.invalid" }),
  // Closing needs the confirmation step's "yes" (app.surveys._index.tsx).
  confirm: z.literal("yes").optional().catch(undefined),
});
