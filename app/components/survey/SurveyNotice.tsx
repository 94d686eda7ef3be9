import { LanguageSwitchLink } from "./LanguageSwitchLink";

/** The kind page a respondent sees instead of a form: closed, used, expired, not found, thanks. */
export function SurveyNotice({ title, body }: { title: string; body: string }) {
  return (
    <main className="narrow survey" id="main">
      <LanguageSwitchLink />
      <h1>{title}</h1>
      <p>{body}</p>
    </main>
  );
}
