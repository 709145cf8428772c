-- The W3C traceparent of the request that submitted the run (null when it was not traced), so the
-- outbox relay, which publishes later from its own thread, continues that trace into Kafka.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS traceparent text;
