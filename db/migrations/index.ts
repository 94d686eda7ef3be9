import type { Migration } from "kysely";
import * as foundation from "./2026_11_27_0001_foundation";
import * as sla from "./2026_11_27_0100_sla";
import * as cases from "./2026_11_27_0200_cases";
import * as authHardening from "./2026_12_03_0300_auth_hardening";
import * as outboxDelivery from "./2026_12_03_0400_outbox_delivery";
import * as accounts from "./2026_12_03_0600_accounts";
import * as surveyHousekeeping from "./2026_12_03_0601_survey_housekeeping";
import * as reviewBoard from "./2026_12_03_0700_review_board";
import * as feedbackWorkspace from "./2026_12_03_0800_feedback_workspace";
import * as feedbackSearch from "./2026_12_03_0810_feedback_search";
import * as discoveryRuns from "./2026_12_03_0820_discovery_runs";
import * as imports from "./2026_12_03_0830_imports";
import * as admin from "./2026_12_03_0900_admin";
import * as passwordChangeRequired from "./2026_12_03_1020_password_change_required";
import * as answerCounts from "./2026_12_04_0100_answer_counts";
import * as dashboardIndexes from "./2026_12_03_1040_dashboard_indexes";
import * as themeCounts from "./2026_12_04_0200_theme_counts";
import * as feedbackItemsCreated from "./2026_12_05_0100_feedback_items_created";

// Listed in code: Kysely's FileMigrationProvider cannot load .ts files under vitest or tsx.
// Add each new migration here, named by timestamp so the order is the name order.
export const migrations: Record<string, Migration> = {
  "2026_11_27_0001_foundation": foundation,
  "2026_11_27_0100_sla": sla,
  "2026_11_27_0200_cases": cases,
  "2026_12_03_0300_auth_hardening": authHardening,
  "2026_12_03_0400_outbox_delivery": outboxDelivery,
  "2026_12_03_0600_accounts": accounts,
  "2026_12_03_0601_survey_housekeeping": surveyHousekeeping,
  "2026_12_03_0700_review_board": reviewBoard,
  "2026_12_03_0800_feedback_workspace": feedbackWorkspace,
  "2026_12_03_0810_feedback_search": feedbackSearch,
  "2026_12_03_0820_discovery_runs": discoveryRuns,
  "2026_12_03_0830_imports": imports,
  "2026_12_03_0900_admin": admin,
  "2026_12_03_1020_password_change_required": passwordChangeRequired,
  "2026_12_03_1040_dashboard_indexes": dashboardIndexes,
  "2026_12_04_0100_answer_counts": answerCounts,
  "2026_12_04_0200_theme_counts": themeCounts,
  "2026_12_05_0100_feedback_items_created": feedbackItemsCreated,
};
