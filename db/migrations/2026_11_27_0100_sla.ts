import { sql, type Kysely } from "kysely";

// SLA documents: an SLA (service + tiers), its versions (draft -> published, immutable once
// published) and each version's objectives; sla_shares holds the per-account public links.
// Plain SQL that PostgreSQL 15 and PGlite (Postgres 18) both accept.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE slas (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name jsonb NOT NULL,
      -- Service key shared with measurements (availability windows are per service).
      service text NOT NULL CHECK (length(service) > 0),
      -- Customer tiers the SLA applies to: a JSON array of accounts.tier values.
      tiers jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(tiers) = 'array'),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE sla_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      sla_id uuid NOT NULL REFERENCES slas(id) ON DELETE RESTRICT,
      version integer NOT NULL CHECK (version >= 1),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
      based_on_id uuid REFERENCES sla_versions(id) ON DELETE SET NULL,
      effective_from timestamptz,
      published_at timestamptz,
      published_by uuid REFERENCES users(id) ON DELETE SET NULL,
      notice_period_days integer NOT NULL DEFAULT 30 CHECK (notice_period_days >= 0),
      review_cadence text NOT NULL DEFAULT 'quarterly'
        CHECK (review_cadence IN ('monthly', 'quarterly', 'semiannual', 'annual')),
      -- {type: {ko, en}, scope: {ko, en}}
      service jsonb NOT NULL DEFAULT '{}'::jsonb,
      -- {timezone, slots: [{day 0=Sunday..6, start "HH:MM", end "HH:MM"}], holidays: ["YYYY-MM-DD"]}
      calendar jsonb NOT NULL,
      -- {ko: [..], en: [..]}
      provider_duties jsonb NOT NULL DEFAULT '{}'::jsonb,
      customer_duties jsonb NOT NULL DEFAULT '{}'::jsonb,
      -- {credits: [{below, creditPercent}], alternative: {ko, en}}
      remedies jsonb NOT NULL DEFAULT '{"credits": [], "alternative": {}}'::jsonb,
      change_note jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (sla_id, version),
      CHECK (status = 'draft' OR (published_at IS NOT NULL AND effective_from IS NOT NULL))
    );
    -- One draft at a time per SLA.
    CREATE UNIQUE INDEX sla_versions_one_draft ON sla_versions(sla_id) WHERE status = 'draft';
    CREATE INDEX sla_versions_in_force ON sla_versions(sla_id, effective_from) WHERE status = 'published';

    CREATE TABLE objectives (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      version_id uuid NOT NULL REFERENCES sla_versions(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('availability', 'first_response', 'progress_update', 'resolution', 'csat_floor', 'nps_floor')),
      priority text CHECK (priority IN ('p1', 'p2', 'p3', 'p4')),
      target double precision NOT NULL,
      unit text NOT NULL CHECK (unit IN ('percent', 'minutes', 'hours', 'points')),
      -- Time objectives count business hours of the version's calendar or wall-clock hours.
      mode text CHECK (mode IN ('business', 'calendar')),
      "window" text NOT NULL DEFAULT 'month' CHECK ("window" IN ('month', 'quarter')),
      position integer NOT NULL DEFAULT 0,
      -- NPS runs -100..100, so a floor of 0 or below is meaningful; every other target is > 0.
      CHECK (CASE WHEN kind = 'nps_floor' THEN target BETWEEN -100 AND 100 ELSE target > 0 END),
      CHECK (unit <> 'percent' OR target <= 100),
      CHECK ((kind IN ('first_response', 'progress_update', 'resolution')) = (priority IS NOT NULL AND mode IS NOT NULL))
    );
    CREATE UNIQUE INDEX objectives_one_per_kind ON objectives(version_id, kind, (coalesce(priority, '')));

    CREATE TABLE sla_shares (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      sla_id uuid NOT NULL REFERENCES slas(id) ON DELETE CASCADE,
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      token text NOT NULL UNIQUE CHECK (length(token) >= 20),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (sla_id, account_id)
    );

    -- Published versions are immutable: every update path goes through the model, and this
    -- trigger backs it up so no code path (or hand-written SQL) re-judges closed cases.
    CREATE FUNCTION sla_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'sla version % is published and cannot be changed', OLD.id
          USING ERRCODE = 'check_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER sla_versions_immutable BEFORE UPDATE OR DELETE ON sla_versions
      FOR EACH ROW EXECUTE FUNCTION sla_versions_immutable();

    CREATE FUNCTION objectives_of_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE v_id uuid;
    BEGIN
      IF TG_OP = 'INSERT' THEN v_id := NEW.version_id; ELSE v_id := OLD.version_id; END IF;
      IF EXISTS (SELECT 1 FROM sla_versions WHERE id = v_id AND status = 'published') THEN
        RAISE EXCEPTION 'objectives of published sla version % cannot be changed', v_id
          USING ERRCODE = 'check_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER objectives_of_published_immutable BEFORE INSERT OR UPDATE OR DELETE ON objectives
      FOR EACH ROW EXECUTE FUNCTION objectives_of_published_immutable();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE sla_shares, objectives, sla_versions, slas;
    DROP FUNCTION sla_versions_immutable();
    DROP FUNCTION objectives_of_published_immutable();
  `.execute(db);
}
