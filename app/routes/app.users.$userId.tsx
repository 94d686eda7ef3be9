import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/FormError";
import { OneTimeLink } from "~/components/OneTimeLink";
import { mailConfigured } from "~/jobs/outbox.server";
import { changeUserRole, createPasswordResetLink, deactivateUser, getUserForAdmin, reactivateUser, UserAdminError } from "~/models/user.server";
import { roles, userActionSchema } from "~/schemas/users";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { formDataObject, readForm } from "~/utils/forms";
import { translate, useT, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { ADMINS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { linkMail } from "~/utils/user-mail.server";
import { isUuid } from "~/utils/uuid";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "Trustloop"} · Trustloop` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, ADMINS);
  const id = params.userId ?? "";
  const user = isUuid(id) ? await getUserForAdmin(id) : null;
  if (!user) throw new Response("Not found", { status: 404 });
  const done = new URL(request.url).searchParams.get("done");
  return { user, self: user.id === admin.id, done: done && ["role", "deactivate", "reactivate"].includes(done) ? done : null };
}

type ActionData = { formError?: string; created?: { name: string; url: string; expiresAt: Date; mailed: boolean } };

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, ADMINS);
  const locale = await getLocale(request);
  const id = params.userId ?? "";
  if (!isUuid(id)) return data<ActionData>({ formError: translate(locale, "users.notFound") }, { status: 404 });
  const parsed = userActionSchema.safeParse(formDataObject(await readForm(request)));
  if (!parsed.success) return data<ActionData>({ formError: translate(locale, "validation.invalid") }, { status: 400 });
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "role":
        await changeUserRole(admin.id, id, input.role);
        break;
      case "deactivate":
        await deactivateUser(admin.id, id);
        break;
      case "reactivate":
        await reactivateUser(admin.id, id);
        break;
      case "reset": {
        const mail = mailConfigured() ? linkMail(locale, "reset", admin.name) : null;
        const link = await createPasswordResetLink(admin.id, id, { origin: new URL(request.url).origin, mail });
        const user = await getUserForAdmin(id);
        return data<ActionData>({ created: { name: user?.name ?? "", url: link.url, expiresAt: link.expiresAt, mailed: !!mail } });
      }
    }
  } catch (e) {
    if (!(e instanceof UserAdminError)) throw e;
    const status = e.code === "notFound" ? 404 : 409;
    return data<ActionData>({ formError: translate(locale, `users.error.${e.code}` as MessageKey) }, { status });
  }
  return redirect(`/app/users/${id}?done=${input.intent}`);
}

export default function UserPage() {
  const { user, self, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const zone = useTimeZone();
  const deactivated = user.status === "deactivated";
  return (
    <>
      <p>
        <Link to="/app/users">← {t("users.title")}</Link>
      </p>
      <h1>{user.name}</h1>
      {done ? (
        <p className="notice" role="status">
          {t(`users.done.${done}` as MessageKey, { name: user.name })}
        </p>
      ) : null}
      <FormError message={actionData?.formError} />
      {actionData?.created ? <OneTimeLink {...actionData.created} /> : null}

      <section className="card" aria-labelledby="user-details-h">
        <h2 id="user-details-h">{t("users.details")}</h2>
        <dl className="case-details">
          <dt>{t("users.col.email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("users.col.role")}</dt>
          <dd>{t(`role.${user.role}`)}</dd>
          <dt>{t("users.col.status")}</dt>
          <dd data-status={user.status}>{t(`users.status.${user.status}`)}</dd>
          <dt>{t("users.col.lastSignIn")}</dt>
          <dd>{user.lastSignInAt ? formatDateTime(user.lastSignInAt, zone) : t("users.never")}</dd>
          <dt>{t("users.created")}</dt>
          <dd>{formatDateTime(user.createdAt, zone)}</dd>
          {user.deactivatedAt ? (
            <>
              <dt>{t("users.deactivatedAt")}</dt>
              <dd>{formatDateTime(user.deactivatedAt, zone)}</dd>
            </>
          ) : null}
          {user.pendingLinkExpiresAt ? (
            <>
              <dt>{t("users.pendingLink")}</dt>
              <dd>{t("users.pendingLink.until", { at: formatDateTime(user.pendingLinkExpiresAt, zone) })}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="user-role-h">
        <h2 id="user-role-h">{t("users.changeRole")}</h2>
        <Form method="post" className="row" style={{ alignItems: "flex-end" }}>
          <input type="hidden" name="intent" value="role" />
          <div className="field">
            <label htmlFor="user-role">{t("users.col.role")}</label>
            <select id="user-role" name="role" defaultValue={user.role}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t("users.changeRole.submit")}</button>
        </Form>
      </section>

      <section className="card" aria-labelledby="user-access-h">
        <h2 id="user-access-h">{t("users.access")}</h2>
        {!deactivated ? (
          <>
            <p className="muted">{t("users.reset.hint")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="reset" />
              <button type="submit" className="secondary">
                {t(user.status === "invited" ? "users.reset.newInvite" : "users.reset.submit")}
              </button>
            </Form>
          </>
        ) : null}
        {deactivated ? (
          <Form method="post">
            <input type="hidden" name="intent" value="reactivate" />
            <button type="submit">{t("users.reactivate")}</button>
          </Form>
        ) : self ? (
          <p className="muted">{t("users.error.self")}</p>
        ) : (
          <>
            <p className="muted">{t("users.deactivate.hint")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="deactivate" />
              <button type="submit" className="danger">
                {t("users.deactivate")}
              </button>
            </Form>
          </>
        )}
      </section>
    </>
  );
}
