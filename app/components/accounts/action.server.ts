import { AccountError, createAccount, updateAccount } from "~/models/account.server";
import { accountFormValues, accountSchema } from "~/schemas/account";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { translate, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import type { AccountFormValues } from "./AccountForm";

export type AccountActionBody = { errors: FieldErrors; formError: string; values: AccountFormValues };

/** The create and edit actions: one schema, one transaction, 400 with field messages on bad input. */
export async function saveAccountAction(
  request: Request,
  userId: string,
  accountId: string | null,
): Promise<{ ok: true; id: string } | { ok: false; notFound?: boolean; body: AccountActionBody }> {
  const locale = await getLocale(request);
  const values = accountFormValues(formDataObject(await readForm(request)));
  const parsed = accountSchema.safeParse(values);
  if (!parsed.success) {
    return { ok: false, body: { errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors"), values } };
  }
  try {
    if (accountId) {
      await updateAccount(userId, accountId, parsed.data);
      return { ok: true, id: accountId };
    }
    return { ok: true, id: await createAccount(userId, parsed.data) };
  } catch (e) {
    if (!(e instanceof AccountError)) throw e;
    const key = `accounts.error.${e.code}` as MessageKey;
    if (e.code === "notFound") return { ok: false, notFound: true, body: { errors: {}, formError: translate(locale, key), values } };
    return { ok: false, body: { errors: e.field ? { [e.field]: key } : {}, formError: translate(locale, e.field ? "common.fixErrors" : key), values } };
  }
}
