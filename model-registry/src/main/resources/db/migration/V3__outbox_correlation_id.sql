-- The correlation id of the request or job that caused an outbox event (Kafka header kiln-correlation-id when
-- published); null for changes made without one.
alter table outbox_events add column correlation_id text;
