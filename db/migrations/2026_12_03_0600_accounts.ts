import { sql, type Kysely } from "kysely";

// Customer accounts edited in the app: contract dates (renewal reviews) and contacts, the
// people invitations and notices go to. accounts.email stays as the first contact's email,
// kept in step by the account model, so code that mails "the account" keeps working.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE accounts ADD COLUMN contract_start date;
    ALTER TABLE accounts ADD COLUMN renewal_date date;
    ALTER TABLE accounts ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
    ALTER TABLE accounts ADD CONSTRAINT accounts_renewal_after_start
      CHECK (renewal_date IS NULL OR contract_start IS NULL OR renewal_date > contract_start);
    CREATE INDEX accounts_renewal ON accounts(renewal_date);

    CREATE TABLE contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      name text NOT NULL DEFAULT '',
      email text NOT NULL CHECK (email = lower(email) AND length(email) > 2),
      locale text NOT NULL DEFAULT 'ko' CHECK (locale IN ('ko', 'en')),
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (account_id, email)
    );
    CREATE INDEX contacts_account ON contacts(account_id, position);

    INSERT INTO contacts (account_id, email, locale)
      SELECT id, lower(trim(email)), locale FROM accounts WHERE email IS NOT NULL AND trim(email) <> '';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE contacts;
    ALTER TABLE accounts DROP CONSTRAINT accounts_renewal_after_start;
    DROP INDEX accounts_renewal;
    ALTER TABLE accounts DROP COLUMN updated_at;
    ALTER TABLE accounts DROP COLUMN renewal_date;
    ALTER TABLE accounts DROP COLUMN contract_start;
  `.execute(db);
}
