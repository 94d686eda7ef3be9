import { Link } from "@remix-run/react";
import type { MeetingProposals as Data } from "~/models/proposal.server";
import { useT } from "~/utils/i18n";
import { ProposalList } from "./ProposalList";

/** The meeting page's proposals section: the list, and the way to write or draft more while the meeting takes them. */
export function MeetingProposals({ data }: { data: Data }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="proposals-h">
      <h2 id="proposals-h">
        {t("proposal.title")} <span className="muted small">({t("proposal.count", { n: data.proposals.length })})</span>
      </h2>
      {data.canPropose ? (
        <p>
          <Link to={`/app/reviews/${data.meeting.id}/proposals/new`}>{t("proposal.new")}</Link>
        </p>
      ) : null}
      <ProposalList data={data} />
    </section>
  );
}
