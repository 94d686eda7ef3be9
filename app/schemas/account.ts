import { z } from "zod";

export const accountLocales = ["ko", "en"] as const;
export const MAX_CONTACTS = 20;
/** accounts.monthly_fee is a PostgreSQL integer. */
export const MAX_FEE = 2_000_000_000;

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
export function isRealDay(s: string): boolean {
  if (!dayPattern.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const text = (max: number) => z.string().trim().min(1, "validation.required").max(max, "accounts.error.tooLong");
const optionalDay = z
  .string()
  .trim()
  .refine((s) => s === "" || isRealDay(s), "validation.date")
  .transform((s) => (s === "" ? null : s));

/** A contact row; a row with neither name nor email is an empty slot and is dropped. */
const contactShape = z.object({
  name: z.string().trim().max(200, "accounts.error.tooLong").default(""),
  email: z.string().trim().max(200, "accounts.error.tooLong").default(""),
  locale: z.enum(accountLocales, { message: "validation.invalid" }).default("ko"),
});

/**
 * The account form (create, edit) and one CSV row. Every check runs in one pass so the page
 * shows all problems at once; messages are keys the page translates.
 */
export const accountSchema = z
  .object({
    name: text(200),
    tier: text(50),
    region: text(50),
    plan: text(50),
    locale: z.enum(accountLocales, { message: "validation.invalid" }),
    monthlyFee: z
      .string()
      .trim()
      .min(1, "validation.required")
      .regex(/^-?\d[\d,]*$/, "validation.integer")
      .transform((s) => Number(s.replace(/,/g, "")))
      .refine((n) => n >= 0, "accounts.error.feeNegative")
      .refine((n) => n <= MAX_FEE, "accounts.error.feeTooLarge"),
    contractStart: optionalDay,
    renewalDate: optionalDay,
    contacts: z.array(contactShape).max(MAX_CONTACTS + 2, "accounts.error.tooManyContacts").default([]),
  })
  .superRefine((a, ctx) => {
    if (a.contractStart && a.renewalDate && a.renewalDate <= a.contractStart) {
      ctx.addIssue({ code: "custom", path: ["renewalDate"], message: "accounts.error.renewalBeforeStart" });
    }
    const seen = new Set<string>();
    a.contacts.forEach((c, i) => {
      if (!c.name && !c.email) return;
      const email = c.email.toLowerCase();
      if (!email) ctx.addIssue({ code: "custom", path: ["contacts", i, "email"], message: "validation.required" });
      else if (!z.string().email().safeParse(email).success) ctx.addIssue({ code: "custom", path: ["contacts", i, "email"], message: "validation.email" });
      else if (seen.has(email)) ctx.addIssue({ code: "custom", path: ["contacts", i, "email"], message: "accounts.error.contactDuplicate" });
      seen.add(email);
    });
  })
  .transform((a) => ({
    ...a,
    contacts: a.contacts.filter((c) => c.name || c.email).map((c) => ({ ...c, email: c.email.toLowerCase() })),
  }));
export type AccountFormInput = z.input<typeof accountSchema>;
export type AccountInput = z.output<typeof accountSchema>;

/** Flat form fields (contacts.0.email) as the nested shape the schema reads. */
export function accountFormValues(values: Record<string, string | string[]>) {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] ?? "" : v ?? "");
  const contacts: { name: string; email: string; locale: string }[] = [];
  for (const key of Object.keys(values)) {
    const m = /^contacts\.(\d{1,2})\.(name|email|locale)$/.exec(key);
    if (!m) continue;
    const i = Number(m[1]);
    while (contacts.length <= i) contacts.push({ name: "", email: "", locale: "ko" });
    contacts[i][m[2] as "name" | "email" | "locale"] = one(values[key]);
  }
  return {
    name: one(values.name),
    tier: one(values.tier),
    region: one(values.region),
    plan: one(values.plan),
    locale: one(values.locale),
    monthlyFee: one(values.monthlyFee),
    contractStart: one(values.contractStart),
    renewalDate: one(values.renewalDate),
    contacts,
  };
}

export const accountSorts = ["renewal", "name", "fee", "created"] as const;

/** List filters and paging from the query string; anything unknown falls back rather than failing. */
export const accountFilterSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  tier: z.string().trim().max(50).optional().catch(undefined),
  region: z.string().trim().max(50).optional().catch(undefined),
  plan: z.string().trim().max(50).optional().catch(undefined),
  locale: z.enum(accountLocales).optional().catch(undefined),
  renewal: z.enum(["due", "overdue"]).optional().catch(undefined),
  sort: z.enum(accountSorts).default("renewal").catch("renewal"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type AccountFilter = z.infer<typeof accountFilterSchema>;

/** Days before a renewal when it counts as due soon (the renewal review should start). */
export const RENEWAL_DUE_DAYS = 90;

// ---- CSV import --------------------------------------------------------------------------

/** The fields a CSV column can be mapped to; contacts are "email; email" lists in one cell. */
export const importFields = ["name", "tier", "region", "plan", "locale", "monthlyFee", "contractStart", "renewalDate", "contactName", "contactEmails"] as const;
export type ImportField = (typeof importFields)[number];
export const requiredImportFields: ImportField[] = ["name", "tier", "region", "plan", "monthlyFee"];

/** Header names recognised without mapping (English field names and common Korean headers). */
export const headerGuesses: Record<ImportField, string[]> = {
  name: ["name", "account", "account_name", "고객사", "회사", "이름"],
  tier: ["tier", "등급"],
  region: ["region", "지역"],
  plan: ["plan", "요금제", "플랜"],
  locale: ["locale", "language", "lang", "언어"],
  monthlyFee: ["monthly_fee", "monthlyfee", "fee", "월요금", "월 요금"],
  contractStart: ["contract_start", "contractstart", "start", "계약 시작", "계약시작"],
  renewalDate: ["renewal_date", "renewaldate", "renewal", "갱신일", "갱신"],
  contactName: ["contact_name", "contact", "담당자"],
  contactEmails: ["email", "emails", "contact_email", "contact_emails", "이메일"],
};

export const importStepSchema = z.object({
  intent: z.enum(["preview", "import"]).default("preview").catch("preview"),
  csv: z.string().min(1, "accounts.import.error.empty").max(2_000_000, "accounts.import.error.tooLarge"),
});
