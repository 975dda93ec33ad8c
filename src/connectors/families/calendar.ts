/**
 * Calendar rules shared by Google Calendar and Outlook Calendar: event titles are redacted except for
 * phrases that describe the kind of meeting, and meeting links lose their passwords.
 */
import type { TransformDoc } from "../rules-dsl/model.js";
import { filterTokenByRegex, redactExceptPhrases, redactRegexMatches } from "../rules-dsl/transforms.js";

/** Phrases kept in event titles: focus / no-meeting blocks, out of office, and common meeting kinds. */
export const MEETING_TITLE_PHRASES: readonly string[] = [
  // focus and availability
  "Focus Time",
  "Focus",
  "No Meetings",
  "No Meeting",
  "no mtg",
  "Prep",
  "OOO",
  "Out of Office",
  "Out of the Office",
  // meeting kinds
  "call",
  "brainstorm",
  "brainstorming",
  "brain storm",
  "check in",
  "check-in",
  "checkin",
  "coffee",
  "food",
  "happy hour",
  "lunch",
  "office hours",
  "onsite",
  "on-site",
  "social",
  "stand up",
  "stand-up",
  "standup",
  "team building",
  "teambuilding",
  // cadence
  "daily",
  "bi-weekly",
  "biweekly",
  "weekly",
  "monthly",
  "quarterly",
  // formats and purposes
  "1:1",
  "1-on-1",
  "one-on-one",
  "all-hands",
  "all hands",
  "allhands",
  "team meeting",
  "decision making",
  "decision",
  "hand off",
  "hand-off",
  "handoff",
  "handover",
  "information sharing",
  "problem solving",
  "retro",
  "review",
  "sprint",
];

export const keepMeetingTitlePhrases = (...paths: string[]): TransformDoc =>
  redactExceptPhrases(paths, [...MEETING_TITLE_PHRASES]);

/** Keeps only Zoom meeting URLs out of free text (descriptions, bodies). */
export const keepOnlyZoomUrls = (...paths: string[]): TransformDoc =>
  filterTokenByRegex(paths, ["https://[^.]+\\.zoom\\.us/.*"], "\\s+");

/** Drops `pwd=` parameters (meeting passwords) from URLs inside text. */
export const redactMeetingPasswords = (...paths: string[]): TransformDoc =>
  redactRegexMatches(paths, ["(?i)pwd=[^&]*"]);
