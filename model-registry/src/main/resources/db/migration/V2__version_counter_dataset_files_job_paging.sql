-- Version numbers come from a per-model counter, so a deleted version's number is never handed out again
-- (MLflow never reuses a version number either); the counter row is also the lock that serialises registrations
-- of one model.
alter table registered_models
    add column latest_version integer not null default 0,
    add constraint registered_models_latest_version_ck check (latest_version >= 0);

-- Which stored file holds which split and kind (e.g. {"test": {"images": "t10k-images-idx3-ubyte.gz", ...}}),
-- so previews can be read back without listing the bucket.
-- The label column of a CSV data set (null for IDX).
alter table datasets
    add column files jsonb not null default '{}'::jsonb,
    add column label_column text;

-- Keyset paging of the job list: newest first, ties broken by id.
create index training_jobs_created_ix on training_jobs (created_at desc, id desc);
