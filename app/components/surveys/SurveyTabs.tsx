import { NavLink } from "@remix-run/react";
import { useT, type MessageKey } from "~/utils/i18n";

/** The pages of one survey: results, questions, distribution, responses. */
export function SurveyTabs({ surveyId }: { surveyId: string }) {
  const t = useT();
  const tabs: { to: string; label: MessageKey; end?: boolean }[] = [
    { to: `/app/surveys/${surveyId}`, label: "surveys.tab.results", end: true },
    { to: `/app/surveys/${surveyId}/edit`, label: "surveys.tab.edit" },
    { to: `/app/surveys/${surveyId}/preview`, label: "housekeeping.tab.preview" },
    { to: `/app/surveys/${surveyId}/links`, label: "surveys.tab.links" },
    { to: `/app/responses?survey=${surveyId}`, label: "surveys.tab.responses" },
  ];
  return (
    <nav className="tabs no-print" aria-label={t("surveys.tabs")}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end={tab.end}>
              {t(tab.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
