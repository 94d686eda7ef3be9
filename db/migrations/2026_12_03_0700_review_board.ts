import { sql, type Kysely } from "kysely";

// The review board: meetings on an SLA's cadence, the evidence pack frozen when a meeting opens,
// proposals (structured changes, analysis/review/changes.ts) with managers' votes, process
// changes decided alongside, and notices telling each affected account of a new SLA version.
// Decided proposals and their votes are immutable (triggers back the model up, as for
// published SLA versions), so an audit reads what was decided, not what was edited later.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE review_meetings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      sla_id uuid NOT NULL REFERENCES slas(id) ON DELETE RESTRICT,
      period_start date NOT NULL,
      period_end date NOT NULL,
      scheduled_for timestamptz NOT NULL,
      -- Votes needed for a decision; the model defaults it to a majority of attendees, at least 2.
      quorum integer NOT NULL CHECK (quorum >= 1),
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'open', 'decided', 'closed')),
      notes text NOT NULL DEFAULT '',
      opened_at timestamptz,
      decided_at timestamptz,
      closed_at timestamptz,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (period_end >= period_start)
    );
    CREATE INDEX review_meetings_sla ON review_meetings(sla_id, scheduled_for);

    CREATE TABLE review_attendees (
      meeting_id uuid NOT NULL REFERENCES review_meetings(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
      PRIMARY KEY (meeting_id, user_id)
    );

    -- One frozen pack per meeting: content is the whole pack as JSON, computed by the
    -- definitions named in definitions_version; a refresh replaces it (and is audited).
    CREATE TABLE evidence_packs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL UNIQUE REFERENCES review_meetings(id) ON DELETE CASCADE,
      definitions_version text NOT NULL,
      content jsonb NOT NULL,
      frozen_at timestamptz NOT NULL DEFAULT now(),
      frozen_by uuid REFERENCES users(id) ON DELETE SET NULL,
      refreshed_count integer NOT NULL DEFAULT 0 CHECK (refreshed_count >= 0)
    );

    CREATE TABLE proposals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL REFERENCES review_meetings(id) ON DELETE CASCADE,
      position integer NOT NULL DEFAULT 0,
      -- Drafted by a rule of analysis/review (rule holds its id) or written by staff.
      origin text NOT NULL CHECK (origin IN ('rule', 'staff')),
      rule text,
      -- A ProposalChange (analysis/review/changes.ts) against the version in force.
      change jsonb NOT NULL,
      -- isAdverse(change), computed by the model, never typed.
      adverse boolean NOT NULL,
      rationale text NOT NULL CHECK (length(btrim(rationale)) > 0),
      -- Citations (numbers with n and interval, quotes, case links); [] means "no evidence", said on screen.
      citations jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(citations) = 'array'),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'rejected', 'withdrawn')),
      decided_at timestamptz,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((rule IS NOT NULL) = (origin = 'rule')),
      CHECK ((status IN ('approved', 'rejected')) = (decided_at IS NOT NULL))
    );
    CREATE INDEX proposals_meeting ON proposals(meeting_id, position);

    -- One vote per manager per proposal; a second vote replaces the first until the decision.
    CREATE TABLE votes (
      proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
      choice text NOT NULL CHECK (choice IN ('approve', 'reject', 'abstain')),
      comment text NOT NULL DEFAULT '',
      cast_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (proposal_id, user_id)
    );

    CREATE FUNCTION proposals_decided_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status IN ('approved', 'rejected') THEN
        RAISE EXCEPTION 'proposal % is decided and cannot be changed', OLD.id USING ERRCODE = 'check_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER proposals_decided_immutable BEFORE UPDATE OR DELETE ON proposals
      FOR EACH ROW EXECUTE FUNCTION proposals_decided_immutable();

    CREATE FUNCTION votes_of_decided_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE p_id uuid;
    BEGIN
      IF TG_OP = 'INSERT' THEN p_id := NEW.proposal_id; ELSE p_id := OLD.proposal_id; END IF;
      IF EXISTS (SELECT 1 FROM proposals WHERE id = p_id AND status IN ('approved', 'rejected')) THEN
        RAISE EXCEPTION 'votes of decided proposal % cannot be changed', p_id USING ERRCODE = 'check_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER votes_of_decided_immutable BEFORE INSERT OR UPDATE OR DELETE ON votes
      FOR EACH ROW EXECUTE FUNCTION votes_of_decided_immutable();

    -- How we work differently after a decision; the next pack shows the metric's before/after.
    CREATE TABLE process_changes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL REFERENCES review_meetings(id) ON DELETE CASCADE,
      proposal_id uuid REFERENCES proposals(id) ON DELETE SET NULL,
      description text NOT NULL CHECK (length(btrim(description)) > 0),
      owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
      due_on date,
      done_on date,
      -- What it aims at: 'nps', 'csat', 'ces', or an objective 'first_response:p2', 'availability'.
      metric text NOT NULL,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX process_changes_meeting ON process_changes(meeting_id);

    -- The version an amendment came from, for the change log (draft until published; published
    -- rows are immutable, so the link is set while drafting and never cleared).
    ALTER TABLE sla_versions ADD COLUMN meeting_id uuid REFERENCES review_meetings(id) ON DELETE RESTRICT;

    -- One notice per affected account per published version; the customer reads it under the
    -- account's SLA link (sla_shares), in the account's language.
    CREATE TABLE notices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      sla_version_id uuid NOT NULL REFERENCES sla_versions(id) ON DELETE RESTRICT,
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      meeting_id uuid REFERENCES review_meetings(id) ON DELETE SET NULL,
      locale text NOT NULL CHECK (locale IN ('ko', 'en')),
      adverse boolean NOT NULL,
      effective_from timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (sla_version_id, account_id)
    );
    CREATE INDEX notices_account ON notices(account_id, created_at);
    -- Each email of a notice (one per contact) is an outbox row pointing back at it, so the
    -- meeting page shows delivery per notice and a resend adds a row.
    ALTER TABLE outbox ADD COLUMN notice_id uuid REFERENCES notices(id) ON DELETE SET NULL;
    CREATE INDEX outbox_notice ON outbox(notice_id) WHERE notice_id IS NOT NULL;

    -- Follow-up CSAT when a case closes: on by default per SLA, off per case.
    ALTER TABLE slas ADD COLUMN follow_up_csat boolean NOT NULL DEFAULT true;
    ALTER TABLE cases ADD COLUMN follow_up boolean NOT NULL DEFAULT true;
    ALTER TABLE cases ADD COLUMN follow_up_link_id uuid REFERENCES links(id) ON DELETE SET NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE cases DROP COLUMN follow_up_link_id, DROP COLUMN follow_up;
    ALTER TABLE slas DROP COLUMN follow_up_csat;
    ALTER TABLE outbox DROP COLUMN notice_id;
    DROP TABLE notices;
    ALTER TABLE sla_versions DROP COLUMN meeting_id;
    DROP TABLE process_changes, votes, proposals, evidence_packs, review_attendees, review_meetings;
    DROP FUNCTION proposals_decided_immutable();
    DROP FUNCTION votes_of_decided_immutable();
  `.execute(db);
}
