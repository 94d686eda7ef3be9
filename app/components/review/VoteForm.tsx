import { Form } from "@remix-run/react";
import { FieldError } from "~/components/FieldError";
import type { ProposalVoteView } from "~/models/proposal.server";
import { voteChoices } from "~/schemas/proposal";
import type { FieldErrors } from "~/utils/forms";
import { useT, type MessageKey } from "~/utils/i18n";

/** The reader's vote on one proposal: a radio group with a legend, a comment, one button. Posts without JavaScript. */
export function VoteForm({ action, proposalId, myVote, errors }: { action: string; proposalId: string; myVote: ProposalVoteView | null; errors?: FieldErrors }) {
  const t = useT();
  const id = (s: string) => `vote-${proposalId}-${s}`;
  return (
    <Form method="post" action={action} className="vote-form" aria-label={t("proposal.yourVote")}>
      <input type="hidden" name="intent" value="vote" />
      <fieldset className="plain" aria-describedby={errors?.choice ? id("choice-error") : undefined} aria-invalid={errors?.choice ? true : undefined}>
        <legend>{t("proposal.yourVote")}</legend>
        {myVote ? <p className="small muted">{t("proposal.yourVoteNow", { choice: t(`proposal.vote.${myVote.choice}` as MessageKey) })}</p> : null}
        {voteChoices.map((c) => (
          <label key={c} className="inline-choice">
            <input type="radio" name="choice" value={c} defaultChecked={myVote?.choice === c} /> {t(`proposal.vote.${c}` as MessageKey)}
          </label>
        ))}
        <FieldError id={id("choice-error")} message={errors?.choice} />
      </fieldset>
      <div className="field">
        <label htmlFor={id("comment")}>{t("proposal.comment")}</label>
        <textarea
          id={id("comment")}
          name="comment"
          defaultValue={myVote?.comment ?? ""}
          aria-invalid={errors?.comment ? true : undefined}
          aria-describedby={errors?.comment ? id("comment-error") : undefined}
        />
        <FieldError id={id("comment-error")} message={errors?.comment} />
      </div>
      <button type="submit">{t("proposal.castVote")}</button>
    </Form>
  );
}
