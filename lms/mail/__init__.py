"""E-mail: an outbox written with its cause, delivered over SMTP by a sender that never loses a message."""
