/**
 * Zoom API v2: users, meetings (scheduled, past, instances, participants, summaries), reports and
 * recordings. People pseudonymized (user ids and PMIs reversibly), topics, names, links and passwords
 * dropped, AI meeting summaries digested. `zoomLegacyRules` is the 0.5.3-era rule set (JSON pseudonyms,
 * path templates, no schemas), kept for deployments that still pin it.
 */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc, TransformDoc } from "../rules-dsl/model.js";
import { definitions, obj, s } from "../rules-dsl/schema.js";
import { pseudonymize, pseudonymizeReversible, redact, textDigest } from "../rules-dsl/transforms.js";

const paging = {
  next_page_token: "string",
  page_count: "integer",
  page_number: "integer",
  page_size: "integer",
  total_records: "integer",
};
const PAGE_QUERY = ["page_size", "next_page_token"];

type Pseudonymize = (paths: string[]) => TransformDoc;

/** transforms that both rule generations share, given how they pseudonymize */
function shared(p: Pseudonymize) {
  return {
    meeting: [
      p(["$.['host_id','host_email']", "$..email", "$..contact_email", "$..participants[*]"]),
      redact(
        "$.['topic','agenda','custom_keys']",
        "$.settings.['alternative_hosts','enforce_login_domains','approved_or_denied_countries_or_regions','audio_conference_info','name','authentication_name','authentication_option','contact_name','custom_keys','global_dial_in_countries','global_dial_in_numbers']",
        "$.['password','h323_password','pstn_password','encrypted_password','start_url']",
        "$..join_url",
        "$..name",
      ),
    ],
    summaryPeople: p([
      "$['meeting_host_id','meeting_host_email', 'summary_last_modified_user_id','summary_last_modified_user_email']",
    ]),
    summaryText: [
      "$..summary_overview",
      "$.summary_details[*].label",
      "$.summary_details[*].summary",
      "$.edited_summary.summary_details",
      "$..next_steps[*]",
    ],
    pastMeeting: [p(["$.['host_id','user_email','host_email']"]), redact("$.['user_name','topic','agenda']")],
    pastParticipants: [
      p(["$.participants[*]['id','user_email','pmi']"]),
      redact("$.participants[*]['name','registrant_id']"),
    ],
    reportParticipants: [
      p(["$.participants[*]['id','user_email','user_id','pmi']"]),
      redact("$.participants[*]['name','registrant_id','display_name']"),
    ],
    reportMeetings: [
      p(["$.meetings[*]['host_id','user_email','host_email']"]),
      redact("$.meetings[*]['user_name','topic','custom_keys','tracking_fields']"),
    ],
    users: (email: Pseudonymize) => [
      email(["$.users[*]['email','phone_number']"]),
      pseudonymizeReversible("$.users[*]['id','pmi']"),
      redact("$.users[*]['display_name','first_name','last_name','pic_url','employee_unique_id']"),
    ],
    userMeetings: [
      p(["$.meetings[*]['host_id','host_email']"]),
      redact("$.meetings[*]['topic','join_url','start_url','agenda']"),
    ],
  };
}

const ONE_PATH_SEGMENT = "[^/?]+";
const QUERY = "(?:[?].*)?$";

export function zoomRules(): ApiRulesDoc {
  const t = shared((paths) => pseudonymize(paths));
  const meetingsItem = (key: string) => s({ ...paging, meetings: [key] });
  return apiRules(
    [
      {
        // a meeting or one of its sub-resources other than its summary
        pathRegex: `^/v2/meetings/${ONE_PATH_SEGMENT}(?:/(?!meeting_summary)${ONE_PATH_SEGMENT})?${QUERY}`,
        allowedQueryParams: ["occurrence_id", "show_previous_occurrences"],
        transforms: t.meeting,
        responseSchema: s({
          created_at: "date-time",
          host_id: "string",
          id: "integer",
          settings: "#MeetingSettings",
          start_time: "date-time",
          status: "string",
          timezone: "string",
          type: "integer",
          uuid: "string",
        }),
      },
      {
        pathRegex: `^/v2/meetings/${ONE_PATH_SEGMENT}(?:/${ONE_PATH_SEGMENT})?/meeting_summary${QUERY}`,
        allowedQueryParams: [],
        transforms: [
          t.summaryPeople,
          redact("$['meeting_topic','summary_title']"),
          textDigest(t.summaryText),
        ],
        responseSchema: s({
          edited_summary: "#EditedSummary",
          meeting_end_time: "date-time",
          meeting_host_email: "string",
          meeting_host_id: "string",
          meeting_id: "integer",
          meeting_start_time: "date-time",
          meeting_uuid: "string",
          next_steps: ["string"],
          summary_created_time: "date-time",
          summary_details: ["#SummaryDetail"],
          summary_end_time: "date-time",
          summary_last_modified_time: "date-time",
          summary_last_modified_user_email: "string",
          summary_last_modified_user_id: "string",
          summary_overview: "string",
          summary_start_time: "date-time",
        }),
      },
      {
        pathRegex: `^/v2/past_meetings/${ONE_PATH_SEGMENT}(?:/(?!(?:instances|participants))${ONE_PATH_SEGMENT})?${QUERY}`,
        allowedQueryParams: [],
        transforms: t.pastMeeting,
        responseSchema: s({
          dept: "string",
          duration: "integer",
          end_time: "date-time",
          has_meeting_summary: "boolean",
          host_id: "string",
          id: "integer",
          participants_count: "integer",
          source: "string",
          start_time: "date-time",
          topic: "string",
          total_minutes: "integer",
          type: "integer",
          user_email: "string",
          user_name: "string",
          uuid: "string",
        }),
      },
      {
        pathRegex: `^/v2/past_meetings/${ONE_PATH_SEGMENT}(?:/${ONE_PATH_SEGMENT})?/instances${QUERY}`,
        allowedQueryParams: [],
        responseSchema: meetingsItem("#MeetingOccurrence"),
      },
      {
        pathRegex: `^/v2/past_meetings/${ONE_PATH_SEGMENT}(?:/${ONE_PATH_SEGMENT})?/participants${QUERY}`,
        allowedQueryParams: PAGE_QUERY,
        transforms: t.pastParticipants,
        responseSchema: s({ ...paging, participants: ["#MeetingParticipant"] }),
      },
      {
        pathRegex: `^/v2/report/meetings/${ONE_PATH_SEGMENT}(?:/${ONE_PATH_SEGMENT})?/participants${QUERY}`,
        allowedQueryParams: PAGE_QUERY,
        transforms: t.reportParticipants,
        responseSchema: s({ ...paging, participants: ["#MeetingParticipant"] }),
      },
      {
        pathTemplate: "/v2/report/users/{userId}/meetings",
        allowedQueryParams: ["from", "to", "type", ...PAGE_QUERY],
        transforms: t.reportMeetings,
        responseSchema: meetingsItem("#MeetingsItem"),
      },
      {
        pathTemplate: "/v2/users",
        allowedQueryParams: ["status", "page_size", "page_number", "next_page_token"],
        transforms: t.users((paths) => pseudonymize(paths)),
        responseSchema: s({ ...paging, users: ["#User"] }),
      },
      {
        pathTemplate: "/v2/users/{userId}/meetings",
        allowedQueryParams: [...PAGE_QUERY, "type", "from", "to"],
        transforms: t.userMeetings,
        responseSchema: meetingsItem("#Meeting"),
      },
      {
        pathTemplate: "/v2/users/{userId}/recordings",
        allowedQueryParams: ["from", "to", ...PAGE_QUERY],
        transforms: [
          pseudonymize("$.meetings[*]['host_id','account_id']"),
          redact(
            "$..['topic','share_url','recording_play_passcode']",
            "$..recording_files[*]['download_url','file_path','play_url','agenda']",
          ),
        ],
        responseSchema: s({ ...paging, from: "string", meetings: ["#MeetingRecording"], to: "string" }),
      },
    ],
    { definitions: zoomDefinitions() },
  );
}

function zoomDefinitions() {
  const b = "boolean";
  const i = "integer";
  return definitions({
    AuthenticationException: obj({ email: "string" }),
    BreakoutRoom: obj({ enable: b, rooms: ["#Room"] }),
    ContinuousMeetingChat: obj({
      auto_add_invited_external_users: b,
      auto_add_meeting_participants: b,
      channel_id: "string",
      enable: b,
      who_is_added: "string",
    }),
    CustomKeysItem: obj({ key: "string", value: "string" }),
    EditedSummary: obj({ next_steps: ["string"], summary_details: "string", summary_overview: "string" }),
    Interpreter: obj({ email: "string", interpreter_languages: "string", languages: "string" }),
    LanguageInterpretation: obj({ enable: b, interpreters: ["#Interpreter"] }),
    Meeting: obj({
      created_at: "date-time",
      duration: i,
      host_id: "string",
      id: i,
      sourceId: "string",
      start_time: "date-time",
      timezone: "string",
      type: i,
    }),
    MeetingInvitee: obj({ email: "string", internal_user: b }),
    MeetingOccurrence: obj({
      duration: i,
      end_time: "date-time",
      host_id: "string",
      meeting_id: "string",
      meeting_type: i,
      participants: ["#MeetingParticipant"],
      participants_count: i,
      start_time: "date-time",
      topic_length: i,
      total_minutes: i,
      user_id: "string",
      uuid: "string",
      workItemId: "string",
    }),
    MeetingParticipant: obj({
      bo_mtg_id: "string",
      customer_key: "string",
      duration: i,
      failover: b,
      id: "string",
      join_time: "date-time",
      leave_time: "date-time",
      name: "string",
      registrant_id: "string",
      status: "string",
      user_email: "string",
      user_id: "string",
    }),
    MeetingRecording: obj({
      account_id: "string",
      duration: i,
      host_id: "string",
      id: i,
      recording_count: i,
      recording_files: ["#RecordingFile"],
      start_time: "date-time",
      total_size: i,
      type: "string",
      uuid: "string",
    }),
    MeetingSettings: obj({
      allow_host_control_participant_mute_state: b,
      allow_multiple_devices: b,
      alternative_host_update_polls: b,
      alternative_hosts_email_notification: b,
      approval_type: i,
      audio: "string",
      authentication_domains: "string",
      authentication_exception: ["#AuthenticationException"],
      auto_recording: "string",
      auto_start_ai_companion_questions: b,
      auto_start_meeting_summary: b,
      breakout_room: "#BreakoutRoom",
      calendar_type: i,
      close_registration: b,
      cn_meeting: b,
      contact_email: "string",
      continuous_meeting_chat: "#ContinuousMeetingChat",
      device_testing: b,
      disable_participant_video: b,
      email_notification: b,
      encryption_type: "string",
      enforce_login: b,
      focus_mode: b,
      host_save_video_order: b,
      host_video: b,
      in_meeting: b,
      internal_meeting: b,
      jbh_time: i,
      join_before_host: b,
      language_interpretation: "#LanguageInterpretation",
      meeting_authentication: b,
      meeting_invitees: ["#MeetingInvitee"],
      mute_upon_entry: b,
      participant_focused_meeting: b,
      participant_video: b,
      private_meeting: b,
      push_change_to_calendar: b,
      question_and_answer: "#QuestionAndAnswer",
      registrants_confirmation_email: b,
      registrants_email_notification: b,
      registration_type: i,
      resources: ["#Resource"],
      show_share_button: b,
      sign_language_interpretation: "#SignLanguageInterpretation",
      use_pmi: b,
      waiting_room: b,
      watermark: b,
      who_can_ask_questions: i,
      who_will_receive_summary: i,
    }),
    MeetingsItem: obj({
      custom_keys: ["#CustomKeysItem"],
      duration: i,
      end_time: "date-time",
      host_id: "string",
      id: i,
      join_time: "string",
      join_waiting_room_time: "string",
      leave_time: "string",
      participants_count: i,
      schedule_time: "string",
      session_key: "string",
      source: "string",
      start_time: "date-time",
      topic: "string",
      total_minutes: i,
      type: i,
      user_email: "string",
      user_name: "string",
      uuid: "string",
    }),
    QuestionAndAnswer: obj({
      allow_anonymous_questions: b,
      allow_submit_questions: b,
      attendees_can_comment: b,
      attendees_can_upvote: b,
      enable: b,
      question_visibility: "string",
    }),
    RecordingFile: obj({
      deleted_time: "date-time",
      file_extension: "string",
      file_size: i,
      file_type: "string",
      id: "string",
      meeting_id: "string",
      recording_end: "date-time",
      recording_start: "date-time",
      recording_type: "string",
      status: "string",
    }),
    Resource: obj({ permission_level: "string", resource_id: "string", resource_type: "string" }),
    Room: obj({ participants: ["string"] }),
    SignInterpreter: obj({ email: "string", sign_language: "string" }),
    SignLanguageInterpretation: obj({ enable: b, interpreters: ["#SignInterpreter"] }),
    SummaryDetail: obj({ label: "string", summary: "string" }),
    User: obj({
      created_at: "date-time",
      email: "string",
      fullName: "string",
      group_ids: ["string"],
      id: "string",
      im_group_ids: ["string"],
      last_login_time: "date-time",
      pmi: i,
      status: "string",
      timezone: "string",
      type: i,
    }),
  });
}

/** The rules of Psoxy 0.5.3 (`zoom-0.5.3.yaml`): path templates, JSON-encoded pseudonyms, no schemas. */
export function zoomLegacyRules(): ApiRulesDoc {
  const t = shared((paths) => pseudonymize(paths, { encoding: "JSON" }));
  return apiRules([
    { pathTemplate: "/v2/users", transforms: t.users((paths) => pseudonymize(paths, { encoding: "JSON" })) },
    { pathTemplate: "/v2/users/{userId}/meetings", transforms: t.userMeetings },
    { pathTemplate: "/v2/meetings/{meetingId}", transforms: t.meeting },
    {
      pathTemplate: "/v2/meetings/{meetingId}/meeting_summary",
      transforms: [t.summaryPeople, redact("$['meeting_topic','summary_title']", ...t.summaryText)],
    },
    { pathTemplate: "/v2/past_meetings/{meetingId}/instances" },
    { pathTemplate: "/v2/past_meetings/{meetingId}", transforms: t.pastMeeting },
    { pathTemplate: "/v2/past_meetings/{meetingId}/participants", transforms: t.pastParticipants },
    { pathTemplate: "/v2/report/users/{accountId}/meetings", transforms: t.reportMeetings },
    {
      pathTemplate: "/v2/report/meetings/{meetingId}",
      transforms: [
        pseudonymize(["$.['host_id','user_email','host_email']"], { encoding: "JSON" }),
        redact("$.['user_name','topic','custom_keys','tracking_fields']"),
      ],
    },
    { pathTemplate: "/v2/report/meetings/{meetingId}/participants", transforms: t.reportParticipants },
  ]);
}
