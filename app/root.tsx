import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import styles from "./styles/app.css";
import { translator, type Locale, type MessageKey } from "./utils/i18n";
import { getLocale } from "./utils/locale.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  return { locale: await getLocale(request) };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? "ko";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const t = translator(data?.locale ?? "ko");
  let title: MessageKey = "error.generic.title";
  let body: MessageKey = "error.generic.body";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) [title, body] = ["error.notFound.title", "error.notFound.body"];
    else if (error.status === 403) [title, body] = ["error.forbidden.title", "error.forbidden.body"];
    else if (error.status === 400) title = "error.badRequest.title";
  }
  // A thrown 400 carries its explanation, already in the reader's language (utils/forms.ts badRequest).
  const explained = isRouteErrorResponse(error) && error.status === 400 && typeof error.data === "string" && error.data ? error.data : null;
  return (
    <main className="narrow" id="main">
      <h1>{t(title)}</h1>
      <p>{explained ?? t(body)}</p>
      <p>
        <a href="/">{t("error.home")}</a>
      </p>
    </main>
  );
}
