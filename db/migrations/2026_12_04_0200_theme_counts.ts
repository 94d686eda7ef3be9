import { sql, type Kysely } from "kysely";

// Theme figures at scale (issue 8): the theme page, the themes list and the dashboard read counts
// kept by triggers in the same transaction as every write they depend on (intake, imports,
// interviews, the classifier, hand reassignment, accepting or merging a candidate, re-scoring,
// deletions), so they equal the direct aggregates at every commit and are never stale.
//
// theme_counts: items per theme x month (in the zone of theme_counts_zone, the organisation's) x
//   tier x region x plan x sentiment label, with the sentiment score's count, sum and sum of squares
//   (numeric, so adding and taking away never drifts). Theme 00000000-… holds every item.
// response_nps_buckets: each response's NPS bucket (its first NPS answer by question position).
// theme_respondents: items of a response in a theme; theme_nps_counts: respondents by bucket per
//   theme (00000000-…: every respondent). Six counts a theme are all NPS impact needs.
// theme_days: items per theme x UTC day, for the growth windows (30 days to the instant): whole
//   days come from here, the hours at either end from the index on theme_assignments.occurred_at.
// theme_assignments.occurred_at: the item's time, so a theme's items page by an index.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE theme_assignments ADD COLUMN occurred_at timestamptz;
    UPDATE theme_assignments ta SET occurred_at = f.occurred_at FROM feedback_items f WHERE f.id = ta.feedback_item_id;
    ALTER TABLE theme_assignments ALTER COLUMN occurred_at SET NOT NULL;
    DROP INDEX theme_assignments_theme;
    CREATE INDEX theme_assignments_theme_time ON theme_assignments(theme_id, occurred_at DESC, feedback_item_id);
    CREATE INDEX theme_assignments_theme_quotes ON theme_assignments(theme_id, (assigned_by = 'hand') DESC, confidence DESC NULLS LAST, feedback_item_id);
    -- A theme's related cases are found from the cases that have an item or a response.
    CREATE INDEX cases_feedback_item ON cases(feedback_item_id) WHERE feedback_item_id IS NOT NULL;

    CREATE TABLE theme_counts_zone (
      only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
      zone text NOT NULL
    );
    CREATE TABLE theme_counts (
      theme_id uuid NOT NULL,
      month text NOT NULL,
      tier text NOT NULL,
      region text NOT NULL,
      plan text NOT NULL,
      sentiment_label text NOT NULL,
      n bigint NOT NULL,
      s_n bigint NOT NULL,
      s_sum numeric NOT NULL,
      s_sumsq numeric NOT NULL,
      PRIMARY KEY (theme_id, month, tier, region, plan, sentiment_label)
    );
    CREATE TABLE theme_days (
      theme_id uuid NOT NULL,
      day date NOT NULL,
      n bigint NOT NULL,
      PRIMARY KEY (theme_id, day)
    );
    CREATE TABLE response_nps_buckets (
      response_id uuid PRIMARY KEY,
      bucket text NOT NULL CHECK (bucket IN ('promoter', 'passive', 'detractor'))
    );
    CREATE TABLE theme_respondents (
      theme_id uuid NOT NULL,
      response_id uuid NOT NULL,
      items integer NOT NULL CHECK (items > 0),
      PRIMARY KEY (theme_id, response_id)
    );
    CREATE INDEX theme_respondents_response ON theme_respondents(response_id);
    -- Every survey answer moves the row of all respondents, so it is spread over 16 slots (summed
    -- on reading): concurrent intakes rarely wait for one another's row lock.
    CREATE TABLE theme_nps_counts (
      theme_id uuid NOT NULL,
      slot smallint NOT NULL DEFAULT 0,
      promoters bigint NOT NULL DEFAULT 0,
      passives bigint NOT NULL DEFAULT 0,
      detractors bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (theme_id, slot)
    );

    -- Adds (sign 1) or takes away (-1) item versions to theme_counts. PL/pgSQL, not SQL, functions:
    -- PL/pgSQL keeps each statement's plan for the session, a SQL function plans it at every call.
    CREATE FUNCTION theme_counts_add(p_themes uuid[], p_occurred timestamptz[], p_segments jsonb[], p_labels text[], p_scores float8[], p_signs int[]) RETURNS void
    LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO theme_counts AS c (theme_id, month, tier, region, plan, sentiment_label, n, s_n, s_sum, s_sumsq)
      SELECT d.theme_id, to_char(d.occurred_at AT TIME ZONE (SELECT zone FROM theme_counts_zone), 'YYYY-MM'),
        coalesce(d.segment->>'tier', ''), coalesce(d.segment->>'region', ''), coalesce(d.segment->>'plan', ''), coalesce(d.label, ''),
        sum(d.sign), coalesce(sum(d.sign) FILTER (WHERE d.score IS NOT NULL), 0),
        coalesce(sum(d.sign * d.score::numeric), 0), coalesce(sum(d.sign * d.score::numeric * d.score::numeric), 0)
      FROM unnest(p_themes, p_occurred, p_segments, p_labels, p_scores, p_signs) AS d(theme_id, occurred_at, segment, label, score, sign)
      GROUP BY 1, 2, 3, 4, 5, 6
      -- rows locked in one order, so two writers never wait for each other in a circle
      ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (theme_id, month, tier, region, plan, sentiment_label) DO UPDATE
        SET n = c.n + excluded.n, s_n = c.s_n + excluded.s_n, s_sum = c.s_sum + excluded.s_sum, s_sumsq = c.s_sumsq + excluded.s_sumsq;
      INSERT INTO theme_days AS c (theme_id, day, n)
      SELECT d.theme_id, (d.occurred_at AT TIME ZONE 'UTC')::date, sum(d.sign)
      FROM unnest(p_themes, p_occurred, p_signs) AS d(theme_id, occurred_at, sign)
      WHERE d.theme_id <> '00000000-0000-0000-0000-000000000000'
      GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (theme_id, day) DO UPDATE SET n = c.n + excluded.n;
    END $fn$;

    -- Adds or takes away a response's items in themes; a respondent enters or leaves a theme's
    -- NPS counts when its first item arrives or its last one goes.
    CREATE FUNCTION theme_respondents_add(p_themes uuid[], p_responses uuid[], p_signs int[]) RETURNS void
    LANGUAGE plpgsql AS $fn$
    BEGIN
      WITH d AS (
        SELECT u.theme_id, u.response_id, sum(u.sign)::int AS delta
        FROM unnest(p_themes, p_responses, p_signs) AS u(theme_id, response_id, sign)
        WHERE u.response_id IS NOT NULL
        GROUP BY 1, 2 HAVING sum(u.sign) <> 0
      ), b AS (
        SELECT d.theme_id, d.response_id, coalesce(x.items, 0) AS was_items, coalesce(x.items, 0) + d.delta AS now_items
        FROM d LEFT JOIN theme_respondents x ON x.theme_id = d.theme_id AND x.response_id = d.response_id
      ), kept AS (
        INSERT INTO theme_respondents (theme_id, response_id, items)
        SELECT theme_id, response_id, now_items FROM b WHERE now_items > 0 ORDER BY theme_id, response_id
        ON CONFLICT (theme_id, response_id) DO UPDATE SET items = excluded.items
      ), gone AS (
        DELETE FROM theme_respondents x USING b WHERE x.theme_id = b.theme_id AND x.response_id = b.response_id AND b.now_items <= 0
      )
      INSERT INTO theme_nps_counts AS c (theme_id, promoters, passives, detractors)
      SELECT b.theme_id,
        sum(CASE WHEN r.bucket = 'promoter' THEN s.sign ELSE 0 END),
        sum(CASE WHEN r.bucket = 'passive' THEN s.sign ELSE 0 END),
        sum(CASE WHEN r.bucket = 'detractor' THEN s.sign ELSE 0 END)
      FROM b JOIN response_nps_buckets r ON r.response_id = b.response_id
      CROSS JOIN LATERAL (SELECT CASE WHEN b.was_items = 0 AND b.now_items > 0 THEN 1 WHEN b.was_items > 0 AND b.now_items <= 0 THEN -1 ELSE 0 END AS sign) s
      WHERE s.sign <> 0
      GROUP BY b.theme_id ORDER BY b.theme_id
      ON CONFLICT (theme_id, slot) DO UPDATE
        SET promoters = c.promoters + excluded.promoters, passives = c.passives + excluded.passives, detractors = c.detractors + excluded.detractors;
    END $fn$;

    -- Recomputes the NPS bucket of these responses from their answers and moves them between
    -- buckets, overall and in every theme they are in.
    CREATE FUNCTION response_nps_refresh(p_ids uuid[]) RETURNS void
    LANGUAGE plpgsql AS $fn$
    BEGIN
      WITH nb AS (
        SELECT DISTINCT ON (a.response_id) a.response_id,
          CASE WHEN a.value_int >= 9 THEN 'promoter' WHEN a.value_int >= 7 THEN 'passive' ELSE 'detractor' END AS bucket
        FROM answers a JOIN questions q ON q.id = a.question_id AND q.type = 'nps'
        WHERE a.response_id = ANY(p_ids) AND a.value_int IS NOT NULL
        ORDER BY a.response_id, q.position
      ), ch AS (
        SELECT i.id, o.bucket AS was, nb.bucket AS now_bucket
        FROM (SELECT DISTINCT unnest(p_ids) AS id) i
        LEFT JOIN response_nps_buckets o ON o.response_id = i.id
        LEFT JOIN nb ON nb.response_id = i.id
        WHERE o.bucket IS DISTINCT FROM nb.bucket
      ), put AS (
        INSERT INTO response_nps_buckets (response_id, bucket) SELECT id, now_bucket FROM ch WHERE now_bucket IS NOT NULL ORDER BY id
        ON CONFLICT (response_id) DO UPDATE SET bucket = excluded.bucket
      ), del AS (
        DELETE FROM response_nps_buckets x USING ch WHERE x.response_id = ch.id AND ch.now_bucket IS NULL
      ), moves AS (
        SELECT '00000000-0000-0000-0000-000000000000'::uuid AS theme_id, was, now_bucket FROM ch
        UNION ALL
        SELECT t.theme_id, ch.was, ch.now_bucket FROM ch JOIN theme_respondents t ON t.response_id = ch.id
      )
      INSERT INTO theme_nps_counts AS c (theme_id, slot, promoters, passives, detractors)
      SELECT theme_id, CASE WHEN theme_id = '00000000-0000-0000-0000-000000000000' THEN floor(random() * 16) ELSE 0 END,
        count(*) FILTER (WHERE now_bucket = 'promoter') - count(*) FILTER (WHERE was = 'promoter'),
        count(*) FILTER (WHERE now_bucket = 'passive') - count(*) FILTER (WHERE was = 'passive'),
        count(*) FILTER (WHERE now_bucket = 'detractor') - count(*) FILTER (WHERE was = 'detractor')
      FROM moves GROUP BY theme_id ORDER BY theme_id
      ON CONFLICT (theme_id, slot) DO UPDATE
        SET promoters = c.promoters + excluded.promoters, passives = c.passives + excluded.passives, detractors = c.detractors + excluded.detractors;
    END $fn$;

    -- theme_counts again from the items, months in the given zone (the organisation's changed).
    CREATE FUNCTION theme_counts_rebuild(new_zone text) RETURNS void
    LANGUAGE sql AS $fn$
      INSERT INTO theme_counts_zone (zone) VALUES (new_zone) ON CONFLICT (only_row) DO UPDATE SET zone = excluded.zone;
      DELETE FROM theme_counts;
      INSERT INTO theme_counts (theme_id, month, tier, region, plan, sentiment_label, n, s_n, s_sum, s_sumsq)
      SELECT coalesce(ta.theme_id, '00000000-0000-0000-0000-000000000000'), to_char(f.occurred_at AT TIME ZONE new_zone, 'YYYY-MM'),
        coalesce(f.segment->>'tier', ''), coalesce(f.segment->>'region', ''), coalesce(f.segment->>'plan', ''), coalesce(f.sentiment_label, ''),
        count(*), count(f.sentiment_score), coalesce(sum(f.sentiment_score::numeric), 0), coalesce(sum(f.sentiment_score::numeric * f.sentiment_score::numeric), 0)
      FROM feedback_items f
      CROSS JOIN LATERAL (SELECT NULL::uuid AS theme_id UNION ALL SELECT a.theme_id FROM theme_assignments a WHERE a.feedback_item_id = f.id) ta
      GROUP BY 1, 2, 3, 4, 5, 6;
    $fn$;

    CREATE FUNCTION theme_assignments_fill() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      NEW.occurred_at := (SELECT occurred_at FROM feedback_items WHERE id = NEW.feedback_item_id);
      RETURN NEW;
    END $fn$;
    CREATE TRIGGER theme_assignments_fill BEFORE INSERT OR UPDATE OF feedback_item_id ON theme_assignments
      FOR EACH ROW EXECUTE FUNCTION theme_assignments_fill();

    CREATE FUNCTION theme_assignments_counted() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM theme_counts_add(array_agg(o.theme_id), array_agg(f.occurred_at), array_agg(f.segment), array_agg(f.sentiment_label), array_agg(f.sentiment_score), array_agg(-1)),
                theme_respondents_add(array_agg(o.theme_id), array_agg(f.response_id), array_agg(-1))
        FROM old_rows o JOIN feedback_items f ON f.id = o.feedback_item_id;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM theme_counts_add(array_agg(n.theme_id), array_agg(f.occurred_at), array_agg(f.segment), array_agg(f.sentiment_label), array_agg(f.sentiment_score), array_agg(1)),
                theme_respondents_add(array_agg(n.theme_id), array_agg(f.response_id), array_agg(1))
        FROM new_rows n JOIN feedback_items f ON f.id = n.feedback_item_id;
      END IF;
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER theme_assignments_counted_ins AFTER INSERT ON theme_assignments REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION theme_assignments_counted();
    CREATE TRIGGER theme_assignments_counted_upd AFTER UPDATE ON theme_assignments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION theme_assignments_counted();
    CREATE TRIGGER theme_assignments_counted_del AFTER DELETE ON theme_assignments REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION theme_assignments_counted();

    -- An item's assignments go first, while the item is still there to count them out.
    CREATE FUNCTION feedback_items_uncount() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      DELETE FROM theme_assignments WHERE feedback_item_id = OLD.id;
      RETURN OLD;
    END $fn$;
    CREATE TRIGGER feedback_items_uncount BEFORE DELETE ON feedback_items FOR EACH ROW EXECUTE FUNCTION feedback_items_uncount();

    CREATE FUNCTION feedback_items_counted() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM theme_counts_add(array_agg('00000000-0000-0000-0000-000000000000'::uuid), array_agg(n.occurred_at), array_agg(n.segment), array_agg(n.sentiment_label), array_agg(n.sentiment_score), array_agg(1))
        FROM new_rows n;
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM theme_counts_add(array_agg('00000000-0000-0000-0000-000000000000'::uuid), array_agg(o.occurred_at), array_agg(o.segment), array_agg(o.sentiment_label), array_agg(o.sentiment_score), array_agg(-1))
        FROM old_rows o;
      ELSE
        -- The changed items, overall and in each of their themes: the old version out, the new in.
        PERFORM theme_counts_add(array_agg(x.theme_id), array_agg(x.at), array_agg(x.seg), array_agg(x.label), array_agg(x.score), array_agg(x.sign))
        FROM (
          WITH c AS (
            SELECT o.id, o.occurred_at AS o_at, o.segment AS o_seg, o.sentiment_label AS o_label, o.sentiment_score AS o_score,
              n.occurred_at AS n_at, n.segment AS n_seg, n.sentiment_label AS n_label, n.sentiment_score AS n_score
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.occurred_at, o.segment, o.sentiment_label, o.sentiment_score) IS DISTINCT FROM (n.occurred_at, n.segment, n.sentiment_label, n.sentiment_score)
          ), t AS (
            SELECT c.*, th.theme_id FROM c
            CROSS JOIN LATERAL (SELECT '00000000-0000-0000-0000-000000000000'::uuid AS theme_id UNION ALL SELECT a.theme_id FROM theme_assignments a WHERE a.feedback_item_id = c.id) th
          )
          SELECT theme_id, o_at AS at, o_seg AS seg, o_label AS label, o_score AS score, -1 AS sign FROM t
          UNION ALL
          SELECT theme_id, n_at, n_seg, n_label, n_score, 1 FROM t
        ) x;
        PERFORM theme_respondents_add(array_agg(x.theme_id), array_agg(x.response_id), array_agg(x.sign))
        FROM (
          SELECT a.theme_id, o.response_id, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN theme_assignments a ON a.feedback_item_id = o.id
          WHERE o.response_id IS DISTINCT FROM n.response_id
          UNION ALL
          SELECT a.theme_id, n.response_id, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN theme_assignments a ON a.feedback_item_id = o.id
          WHERE o.response_id IS DISTINCT FROM n.response_id
        ) x;
        UPDATE theme_assignments a SET occurred_at = n.occurred_at
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE a.feedback_item_id = n.id AND o.occurred_at <> n.occurred_at;
      END IF;
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER feedback_items_counted_ins AFTER INSERT ON feedback_items REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION feedback_items_counted();
    CREATE TRIGGER feedback_items_counted_upd AFTER UPDATE ON feedback_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION feedback_items_counted();
    CREATE TRIGGER feedback_items_counted_del AFTER DELETE ON feedback_items REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION feedback_items_counted();

    CREATE FUNCTION answers_counted() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM response_nps_refresh(array_agg(DISTINCT response_id)) FROM old_rows;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM response_nps_refresh(array_agg(DISTINCT response_id)) FROM new_rows;
      END IF;
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER answers_counted_ins AFTER INSERT ON answers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION answers_counted();
    CREATE TRIGGER answers_counted_upd AFTER UPDATE ON answers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION answers_counted();
    CREATE TRIGGER answers_counted_del AFTER DELETE ON answers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION answers_counted();

    -- A question's type or place decides which answer is a response's NPS answer.
    CREATE FUNCTION questions_counted() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM response_nps_refresh(array_agg(DISTINCT a.response_id))
      FROM answers a
      WHERE a.question_id IN (SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.type, o.position) IS DISTINCT FROM (n.type, n.position));
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER questions_counted AFTER UPDATE ON questions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION questions_counted();
  `.execute(db);

  // Backfill. The zone is the organisation's as the app reads it (a stored zone PostgreSQL does not know falls back).
  await sql`
    SELECT theme_counts_rebuild(coalesce(
      (SELECT value #>> '{}' FROM app_settings WHERE key = 'org_time_zone' AND value #>> '{}' IN (SELECT name FROM pg_timezone_names)),
      'Asia/Seoul'))`.execute(db);
  await sql`
    INSERT INTO theme_days (theme_id, day, n)
    SELECT theme_id, (occurred_at AT TIME ZONE 'UTC')::date, count(*) FROM theme_assignments GROUP BY 1, 2`.execute(db);
  await sql`
    INSERT INTO response_nps_buckets (response_id, bucket)
    SELECT DISTINCT ON (a.response_id) a.response_id,
      CASE WHEN a.value_int >= 9 THEN 'promoter' WHEN a.value_int >= 7 THEN 'passive' ELSE 'detractor' END
    FROM answers a JOIN questions q ON q.id = a.question_id AND q.type = 'nps'
    WHERE a.value_int IS NOT NULL
    ORDER BY a.response_id, q.position`.execute(db);
  await sql`
    INSERT INTO theme_respondents (theme_id, response_id, items)
    SELECT ta.theme_id, f.response_id, count(*) FROM theme_assignments ta JOIN feedback_items f ON f.id = ta.feedback_item_id
    WHERE f.response_id IS NOT NULL GROUP BY 1, 2`.execute(db);
  await sql`
    INSERT INTO theme_nps_counts (theme_id, promoters, passives, detractors)
    SELECT x.theme_id, count(*) FILTER (WHERE b.bucket = 'promoter'), count(*) FILTER (WHERE b.bucket = 'passive'), count(*) FILTER (WHERE b.bucket = 'detractor')
    FROM (SELECT '00000000-0000-0000-0000-000000000000'::uuid AS theme_id, response_id FROM response_nps_buckets UNION ALL SELECT theme_id, response_id FROM theme_respondents) x
    JOIN response_nps_buckets b ON b.response_id = x.response_id
    GROUP BY x.theme_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER questions_counted ON questions;
    DROP TRIGGER answers_counted_ins ON answers;
    DROP TRIGGER answers_counted_upd ON answers;
    DROP TRIGGER answers_counted_del ON answers;
    DROP TRIGGER feedback_items_counted_ins ON feedback_items;
    DROP TRIGGER feedback_items_counted_upd ON feedback_items;
    DROP TRIGGER feedback_items_counted_del ON feedback_items;
    DROP TRIGGER feedback_items_uncount ON feedback_items;
    DROP TRIGGER theme_assignments_counted_ins ON theme_assignments;
    DROP TRIGGER theme_assignments_counted_upd ON theme_assignments;
    DROP TRIGGER theme_assignments_counted_del ON theme_assignments;
    DROP TRIGGER theme_assignments_fill ON theme_assignments;
    DROP FUNCTION questions_counted(), answers_counted(), feedback_items_counted(), feedback_items_uncount(), theme_assignments_counted(),
      theme_assignments_fill(), theme_counts_rebuild(text), response_nps_refresh(uuid[]), theme_respondents_add(uuid[], uuid[], int[]),
      theme_counts_add(uuid[], timestamptz[], jsonb[], text[], float8[], int[]);
    DROP TABLE theme_nps_counts, theme_respondents, response_nps_buckets, theme_days, theme_counts, theme_counts_zone;
    DROP INDEX theme_assignments_theme_time, theme_assignments_theme_quotes, cases_feedback_item;
    CREATE INDEX theme_assignments_theme ON theme_assignments(theme_id);
    ALTER TABLE theme_assignments DROP COLUMN occurred_at;
  `.execute(db);
}
