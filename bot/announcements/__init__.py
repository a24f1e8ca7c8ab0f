"""Announcements: reminders of releases and server events posted exactly once through an
outbox in the store (`outbox`, with what they say in `messages` and when in `leads`), and
Discord scheduled events for official premieres (`premieres`)."""
