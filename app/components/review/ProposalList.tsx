import { Form, Link } from "@remix-run/react";
import { FormError } from "~/components/FormError";
import { HowCalculated } from "~/components/HowCalculated";
import type { MeetingProposals, ProposalView } from "~/models/proposal.server";
import { describeChange } from "~/utils/describe-change";
import type { FieldErrors } from "~/utils/forms";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { useLocale, useT, type MessageKey } from "~/utils/i18n";
import { Citations } from "./Citations";
import { VoteForm } from "./VoteForm";

/** An action's answer about one proposal: its field errors and form message, shown beside that proposal only. */
export type ProposalFeedback = { proposalId: string; errors: FieldErrors; formError?: string } | null | undefined;

const statusClass: Record<string, string> = { open: "", approved: "good", rejected: "bad", withdrawn: "" };

/**
 * The proposals of a meeting: each change in plain words, the adverse badge, rationale, evidence
 * (or that there is none), the votes so far with names, the reader's vote form while they may
 * vote, and the decision. `single` renders one proposal on its own page (no link to itself).
 */
export function ProposalList({ data, feedback, single = false }: { data: MeetingProposals; feedback?: ProposalFeedback; single?: boolean }) {
  const t = useT();
  if (!data.proposals.length) return <p className="muted">{t("proposal.none")}</p>;
  return (
    <div className="proposal-list">
      {data.proposals.map((p) => (
        <ProposalCard key={p.id} p={p} data={data} feedback={feedback?.proposalId === p.id ? feedback : null} single={single} />
      ))}
      <HowCalculated>{t("proposal.decisionRule")}</HowCalculated>
    </div>
  );
}

function ProposalCard({ p, data, feedback, single }: { p: ProposalView; data: MeetingProposals; feedback: ProposalFeedback; single: boolean }) {
  const t = useT();
  const locale = useLocale();
  const url = `/app/reviews/${data.meeting.id}/proposals/${p.id}`;
  const headingId = `proposal-${p.id}-h`;
  const zone = useTimeZone();
  return (
    <article className="card proposal" aria-labelledby={headingId} data-status={p.status}>
      <h3 id={headingId}>
        {single ? t("proposal.heading", { n: p.position + 1 }) : <Link to={url}>{t("proposal.heading", { n: p.position + 1 })}</Link>}
        {": "}
        <span className="change">{describeChange(p.change, locale)}</span>
      </h3>
      <p>
        <span className={`pill ${statusClass[p.status] ?? ""}`}>{t(`proposal.status.${p.status}` as MessageKey)}</span>{" "}
        {p.adverse ? (
          <span className="pill bad adverse" title={t("proposal.adverseHelp")}>
            {t("proposal.adverse")}
          </span>
        ) : null}{" "}
        <span className="small muted">
          {p.origin === "rule"
            ? t("proposal.origin.rule", { rule: t(`proposal.rule.${p.rule}.label` as MessageKey) })
            : p.createdByName
              ? t("proposal.origin.staff", { name: p.createdByName })
              : t("proposal.origin.staffUnknown")}
        </span>
      </p>
      {p.decidedAt ? <p className="decided">{t("proposal.decidedAt", { at: formatDateTime(p.decidedAt, zone) })}</p> : null}
      <h4>{t("proposal.rationale")}</h4>
      <p className="pre rationale">{p.rationale}</p>
      <h4>{t("proposal.evidence")}</h4>
      <Citations citations={p.citations} />
      <h4>{t("proposal.votes", { n: p.votes.length, quorum: data.meeting.quorum })}</h4>
      {p.votes.length ? (
        <ul className="votes">
          {p.votes.map((v) => (
            <li key={v.userId}>
              <strong>{v.userName}</strong>
              {`: ${t(`proposal.vote.${v.choice}` as MessageKey)}`}
              {v.comment ? <span className="pre"> — {v.comment}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("proposal.noVotes")}</p>
      )}
      <FormError message={feedback?.formError} />
      {p.status === "open" && data.canVote ? (
        <VoteForm action={url} proposalId={p.id} myVote={p.myVote} errors={feedback?.errors} />
      ) : p.status === "open" ? (
        <p className="small muted">{t("proposal.notVoter")}</p>
      ) : null}
      {p.status === "open" && data.canPropose && !p.votes.length ? (
        <Form method="post" action={url} aria-label={t("proposal.withdraw")}>
          <input type="hidden" name="intent" value="withdraw" />
          <p className="small muted">{t("proposal.withdrawHelp")}</p>
          <button type="submit" className="secondary">
            {t("proposal.withdraw")}
          </button>
        </Form>
      ) : null}
    </article>
  );
}
