import { useT, type MessageKey } from "~/utils/i18n";

/** Sentiment from text is an estimate (DESIGN.md): always labelled so, with the model's confidence. */
export function SentimentBadge({
  label,
  confidence,
  model,
  percentOf,
}: {
  label: string | null;
  confidence: number | null;
  model: string | null;
  percentOf: (share: number) => string;
}) {
  const t = useT();
  if (!label) return <p className="small muted sentiment">{t("feedback.sentiment.notScored")}</p>;
  return (
    <p className={`small sentiment sentiment-${label}`} title={model ? t("feedback.sentiment.model", { model }) : undefined}>
      {t("feedback.sentiment.estimated")}: <strong>{t(`feedback.sentiment.${label}` as MessageKey)}</strong>{" "}
      {confidence !== null ? t("feedback.sentiment.confidence", { value: percentOf(confidence) }) : null}
    </p>
  );
}

/** Theme tags of an item; "by hand" wins over the model's, and says so. */
export function ThemeChips({ tags }: { tags: { id?: string; themeId?: string; name: string; by: "hand" | "model"; confidence: number | null }[] }) {
  const t = useT();
  if (!tags.length) return null;
  return (
    <ul className="chips" aria-label={t("feedback.themes")}>
      {tags.map((tag) => (
        <li key={tag.id ?? tag.themeId} className={`chip chip-${tag.by}`}>
          {tag.name} <span className="chip-by">({t(tag.by === "hand" ? "feedback.tag.hand" : "feedback.tag.model")})</span>
        </li>
      ))}
    </ul>
  );
}
