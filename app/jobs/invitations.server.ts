// Survey invitation reminders: each distribution's one reminder, when its N days have passed.
import { sendDueReminders } from "~/models/invitation.server";
import type { Job } from "./runner.server";

/** Started with the server by the job runner: a pass every minute. */
export const invitationRemindersJob: Job = { name: "invitation-reminders", everyMs: 60_000, run: (now) => sendDueReminders(now) };
