/**
 * Synthetic responses of the demo source: a calendar-like API (events with attendees' names, e-mail
 * addresses and meeting titles) and a meetings-like API (meetings and their participants). Written
 * for this project; every person and address is invented (example.com / example.org are reserved).
 */

const people = {
  alice: { email: "alice.nguyen@example.com", displayName: "Alice Nguyen" },
  bob: { email: "bob.okafor@example.com", displayName: "Bob Okafor" },
  carmen: { email: "carmen.ruiz@example.com", displayName: "Carmen Ruiz" },
  dmitri: { email: "dmitri.volkov@example.org", displayName: "Dmitri Volkov" },
} as const;

export function calendarEvents(calendarId: string): object {
  return {
    kind: "calendar#events",
    etag: '"p33c9v5tq8ik3g0g"',
    summary: calendarId === "primary" ? people.alice.email : calendarId,
    updated: "2026-03-02T09:14:07.000Z",
    timeZone: "Europe/Berlin",
    accessRole: "owner",
    nextPageToken: "CigKGjZ0ZjBlZ3Q0b2ZkY2hvZGJxYWQ0dDZqN2M0GAEggIDAx",
    items: [
      {
        kind: "calendar#event",
        id: "6tf0egt4ofdchodbqad4t6j7c4",
        status: "confirmed",
        created: "2026-02-20T16:01:12.000Z",
        updated: "2026-02-21T08:45:51.000Z",
        summary: "Performance review: Bob Okafor",
        description:
          "Discuss Bob's promotion case and the salary band. Call Alice on +49 30 1234567 if late.",
        location: "Room 4.12 (Berlin)",
        creator: { email: people.alice.email, self: true },
        organizer: { email: people.alice.email, displayName: people.alice.displayName, self: true },
        start: { dateTime: "2026-03-03T10:00:00+01:00" },
        end: { dateTime: "2026-03-03T10:45:00+01:00" },
        iCalUID: "6tf0egt4ofdchodbqad4t6j7c4@google.com",
        sequence: 1,
        attendees: [
          {
            email: people.alice.email,
            displayName: people.alice.displayName,
            organizer: true,
            responseStatus: "accepted",
          },
          { email: people.bob.email, displayName: people.bob.displayName, responseStatus: "accepted" },
        ],
        reminders: { useDefault: true },
        eventType: "default",
      },
      {
        kind: "calendar#event",
        id: "1m2ue8bd6ul7rgvq4d8eerih9k_20260304T083000Z",
        status: "confirmed",
        created: "2025-11-03T12:30:00.000Z",
        updated: "2026-01-09T07:12:40.000Z",
        summary: "Team stand-up",
        description: "Daily sync. Dial-in: https://meet.example.com/abc-defg-hij",
        creator: { email: people.carmen.email },
        organizer: { email: people.carmen.email, displayName: people.carmen.displayName },
        start: { dateTime: "2026-03-04T09:30:00+01:00", timeZone: "Europe/Berlin" },
        end: { dateTime: "2026-03-04T09:45:00+01:00", timeZone: "Europe/Berlin" },
        recurringEventId: "1m2ue8bd6ul7rgvq4d8eerih9k",
        attendees: [
          {
            email: people.carmen.email,
            displayName: people.carmen.displayName,
            organizer: true,
            responseStatus: "accepted",
          },
          {
            email: people.alice.email,
            displayName: people.alice.displayName,
            self: true,
            responseStatus: "accepted",
          },
          { email: people.bob.email, displayName: people.bob.displayName, responseStatus: "tentative" },
          {
            email: people.dmitri.email,
            displayName: people.dmitri.displayName,
            responseStatus: "needsAction",
          },
        ],
        hangoutLink: "https://meet.example.com/abc-defg-hij",
        eventType: "default",
      },
      {
        kind: "calendar#event",
        id: "0pq7kd2v9vn1e6m3a1ohc8u3sl",
        status: "confirmed",
        created: "2026-02-27T18:22:03.000Z",
        updated: "2026-02-27T18:22:03.000Z",
        summary: "Lunch with Dmitri (interview, confidential)",
        creator: { email: people.alice.email, self: true },
        organizer: { email: people.alice.email, displayName: people.alice.displayName, self: true },
        start: { dateTime: "2026-03-05T12:30:00+01:00" },
        end: { dateTime: "2026-03-05T13:30:00+01:00" },
        attendees: [
          {
            email: people.alice.email,
            displayName: people.alice.displayName,
            self: true,
            responseStatus: "accepted",
          },
          { email: people.dmitri.email, displayName: people.dmitri.displayName, responseStatus: "accepted" },
        ],
        transparency: "opaque",
        eventType: "default",
      },
    ],
  };
}

/** Settings of the calendar user: the demo rules do not allow this endpoint. */
export function calendarSettings(): object {
  return {
    kind: "calendar#settings",
    items: [
      { kind: "calendar#setting", id: "timezone", value: "Europe/Berlin" },
      { kind: "calendar#setting", id: "defaultEventLength", value: "45" },
      { kind: "calendar#setting", id: "personalEmail", value: "alice.private@example.net" },
    ],
  };
}

export function meetings(userId: string): object {
  return {
    page_size: 30,
    total_records: 2,
    next_page_token: "",
    meetings: [
      {
        uuid: "4444AAAiAAAAAiAiAiiAii==",
        id: 81234567890,
        host_id: "z8yCxjabcdEFGHfp8uQ",
        host_email: userId === "me" ? people.carmen.email : userId,
        topic: "Hiring committee: Dmitri Volkov",
        type: 2,
        start_time: "2026-03-06T14:00:00Z",
        duration: 60,
        timezone: "Europe/Berlin",
        created_at: "2026-02-28T10:11:12Z",
        join_url: "https://meetings.example.com/j/81234567890?pwd=c2VjcmV0cGFzc3dvcmQ",
      },
      {
        uuid: "5555BBBjBBBBBjBjBjjBjj==",
        id: 82345678901,
        host_id: "z8yCxjabcdEFGHfp8uQ",
        host_email: userId === "me" ? people.carmen.email : userId,
        topic: "Weekly 1:1 Carmen / Bob",
        type: 8,
        start_time: "2026-03-09T08:00:00Z",
        duration: 30,
        timezone: "Europe/Berlin",
        created_at: "2026-01-05T09:00:00Z",
        join_url: "https://meetings.example.com/j/82345678901?pwd=YW5vdGhlcnNlY3JldA",
      },
    ],
  };
}

export function pastMeetingParticipants(_meetingId: string): object {
  return {
    page_count: 1,
    page_size: 30,
    total_records: 3,
    next_page_token: "",
    participants: [
      {
        id: "30R7kT7bTIKSNUFEuH_Qlg",
        name: people.carmen.displayName,
        user_email: people.carmen.email,
        join_time: "2026-03-06T13:58:41Z",
        leave_time: "2026-03-06T15:01:02Z",
        duration: 3741,
      },
      {
        id: "8b29rgg4bb2Lg5MzLO8AsQ",
        name: people.bob.displayName,
        user_email: people.bob.email,
        join_time: "2026-03-06T14:01:09Z",
        leave_time: "2026-03-06T14:59:30Z",
        duration: 3501,
      },
      {
        id: "",
        name: "Dmitri's iPhone",
        user_email: people.dmitri.email,
        join_time: "2026-03-06T14:03:00Z",
        leave_time: "2026-03-06T14:50:00Z",
        duration: 2820,
      },
    ],
  };
}
