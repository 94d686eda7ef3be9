import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listUsers, LOGIN_POLICY, unlockUser } from "~/models/user.server";
import { unlockSchema } from "~/schemas/admin";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { formDataObject, readForm } from "~/utils/forms";
import { translate, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { ADMINS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("users.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ADMINS);
  const users = await listUsers();
  const unlocked = new URL(request.url).searchParams.get("unlocked");
  return { users, unlockedName: users.find((u) => u.id === unlocked)?.name ?? null, lockAfter: LOGIN_POLICY.lockAfter };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, ADMINS);
  const locale = await getLocale(request);
  const parsed = unlockSchema.safeParse(formDataObject(await readForm(request)));
  if (!parsed.success) return data({ formError: translate(locale, "validation.invalid") }, { status: 400 });
  if (!(await unlockUser(admin.id, parsed.data.userId))) return data({ formError: translate(locale, "users.notFound") }, { status: 404 });
  return redirect(`/app/users?unlocked=${parsed.data.userId}`);
}

export default function UsersPage() {
  const { users, unlockedName, lockAfter } = useLoaderData<typeof loader>();
  const t = useT();
  const zone = useTimeZone();
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h1>{t("users.title")}</h1>
        <Link className="button" to="/app/users/new">
          {t("times.users.add")}
        </Link>
      </div>
      <p>{t("users.intro", { n: lockAfter })}</p>
      {unlockedName ? (
        <p className="notice" role="status">
          {t("users.unlocked", { name: unlockedName })}
        </p>
      ) : null}
      <div className="table-scroll" tabIndex={0}>
        <table>
          <caption className="muted small">{t("users.timesIn", { zone })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("users.col.name")}</th>
              <th scope="col">{t("users.col.email")}</th>
              <th scope="col">{t("users.col.role")}</th>
              <th scope="col">{t("users.col.status")}</th>
              <th scope="col">{t("users.col.lastSignIn")}</th>
              <th scope="col">{t("users.col.failures")}</th>
              <th scope="col">{t("users.col.state")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-user={u.email}>
                <td>
                  <Link to={`/app/users/${u.id}`}>{u.name}</Link>
                  {u.isDemo ? <span className="muted"> ({t("users.demo")})</span> : null}
                </td>
                <td>{u.email}</td>
                <td>{t(`role.${u.role}`)}</td>
                <td data-status={u.status}>{t(`users.status.${u.status}`)}</td>
                <td>{u.lastSignInAt ? <time dateTime={new Date(u.lastSignInAt).toISOString()}>{formatDateTime(u.lastSignInAt, zone, { label: false })}</time> : t("users.never")}</td>
                <td>
                  {u.failures}
                  {u.lastFailureAt ? <span className="muted small"> ({formatDateTime(u.lastFailureAt, zone, { label: false })})</span> : null}
                </td>
                <td>
                  {u.locked ? <strong>{t("users.locked")}</strong> : t("users.notLocked")}
                  {u.failures > 0 ? (
                    <Form method="post" className="inline" aria-label={t("users.unlockFor", { name: u.name })}>
                      <input type="hidden" name="intent" value="unlock" />
                      <input type="hidden" name="userId" value={u.id} />
                      <button type="submit" className="secondary">
                        {t("users.unlock")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
