// Every address no page has: a 404 page in the reader's language (the root loader runs, so the
// locale is known) and no "No route matches" stack trace in the log.
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

// A post to an address no page has is a 404 too, not a 405 with a stack trace.
export const action = loader;

export default function NotFound() {
  return null;
}
