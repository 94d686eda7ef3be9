import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { ErrorMessage, errorWords } from "./components/ErrorMessage";
import styles from "./styles/app.css";
import type { Locale } from "./utils/i18n";
import { getLocale } from "./utils/locale.server";
import { pageTitle } from "./utils/meta";
import { useNonce } from "./utils/nonce";
import { configureZodForCsp } from "./utils/zod-csp";

configureZodForCsp();

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  return { locale: await getLocale(request) };
}

// A page's own meta replaces this; an error page (its route's meta is not run) is titled by its heading.
export const meta: MetaFunction = ({ error, matches }) => (error ? pageTitle(matches, errorWords(error).title) : [{ title: "Trustloop" }]);

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? "ko";
  const nonce = useNonce();
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
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return (
    <main className="narrow" id="main">
      <ErrorMessage error={useRouteError()} />
    </main>
  );
}
