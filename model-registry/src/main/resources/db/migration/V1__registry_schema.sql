-- Kiln model registry: data sets, training jobs (a projection of job events), registered models, versions,
-- tags, aliases and artifacts, plus the outbox that publishes model events after commit.
-- MLflow's vocabulary; bytes live in object storage, this schema keeps their URI, size and sha256.

create table datasets (
    id            bigint generated always as identity,
    name          text        not null,
    format        text        not null,
    input_shape   jsonb       not null,
    class_names   jsonb       not null,
    split_counts  jsonb       not null,
    uri           text        not null,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    constraint datasets_pk primary key (id),
    constraint datasets_name_uk unique (name),
    constraint datasets_format_ck check (format in ('idx', 'csv'))
);

create table training_jobs (
    id               bigint generated always as identity,
    job_id           text        not null,
    name             text,
    status           text        not null,
    dataset          text,
    model_spec       jsonb,
    hyperparameters  jsonb,
    resources        jsonb,
    register_as      text,
    worker           text,
    device           text,
    attempt          integer     not null default 0,
    test_accuracy    double precision,
    test_loss        double precision,
    error            text,
    error_code       text,
    created_at       timestamptz not null default now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    updated_at       timestamptz not null default now(),
    constraint training_jobs_pk primary key (id),
    constraint training_jobs_job_id_uk unique (job_id),
    constraint training_jobs_status_ck check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'))
);

create index training_jobs_status_created_ix on training_jobs (status, created_at desc);

create table training_job_epochs (
    job_id              bigint           not null,
    epoch               integer          not null,
    train_loss          double precision not null,
    train_accuracy      double precision not null,
    val_loss            double precision,
    val_accuracy        double precision,
    samples_per_second  double precision not null,
    seconds             double precision not null,
    created_at          timestamptz      not null default now(),
    constraint training_job_epochs_pk primary key (job_id, epoch),
    constraint training_job_epochs_job_fk foreign key (job_id) references training_jobs (id) on delete cascade
);

-- Kafka delivers at least once: every consumed event id is kept, so a redelivery changes nothing.
create table processed_events (
    event_id      uuid        not null,
    event_type    text        not null,
    processed_at  timestamptz not null default now(),
    constraint processed_events_pk primary key (event_id)
);

create table registered_models (
    id           bigint generated always as identity,
    name         text        not null,
    description  text,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    constraint registered_models_pk primary key (id),
    constraint registered_models_name_uk unique (name)
);

create table registered_model_tags (
    model_id  bigint not null,
    key       text   not null,
    value     text   not null,
    constraint registered_model_tags_pk primary key (model_id, key),
    constraint registered_model_tags_model_fk foreign key (model_id) references registered_models (id) on delete cascade
);

create table model_versions (
    id               bigint generated always as identity,
    model_id         bigint      not null,
    version          integer     not null,
    status           text        not null,
    status_message   text,
    job_id           text,
    dataset          text,
    hyperparameters  jsonb,
    metrics          jsonb,
    signature        jsonb,
    labels           jsonb,
    normalization    jsonb,
    worker           text,
    device           text,
    source           text        not null default 'training',
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    constraint model_versions_pk primary key (id),
    constraint model_versions_model_fk foreign key (model_id) references registered_models (id) on delete cascade,
    constraint model_versions_model_version_uk unique (model_id, version),
    constraint model_versions_version_ck check (version >= 1),
    constraint model_versions_status_ck check (status in ('PENDING_REGISTRATION', 'READY', 'FAILED_REGISTRATION')),
    constraint model_versions_source_ck check (source in ('training', 'import'))
);

-- One model version per training job, however often its success is delivered.
create unique index model_versions_job_uk on model_versions (job_id) where job_id is not null;

create table model_version_tags (
    model_version_id  bigint not null,
    key               text   not null,
    value             text   not null,
    constraint model_version_tags_pk primary key (model_version_id, key),
    constraint model_version_tags_version_fk foreign key (model_version_id) references model_versions (id) on delete cascade
);

create table model_aliases (
    model_id          bigint      not null,
    alias             text        not null,
    model_version_id  bigint      not null,
    updated_at        timestamptz not null default now(),
    constraint model_aliases_pk primary key (model_id, alias),
    constraint model_aliases_model_fk foreign key (model_id) references registered_models (id) on delete cascade,
    constraint model_aliases_version_fk foreign key (model_version_id) references model_versions (id),
    constraint model_aliases_reserved_ck check (alias <> 'latest' and alias !~ '^v[0-9]+$')
);

create table model_artifacts (
    model_version_id  bigint not null,
    file              text   not null,
    uri               text   not null,
    size_bytes        bigint not null,
    sha256            text   not null,
    constraint model_artifacts_pk primary key (model_version_id, file),
    constraint model_artifacts_version_fk foreign key (model_version_id) references model_versions (id) on delete cascade,
    constraint model_artifacts_size_ck check (size_bytes >= 0),
    constraint model_artifacts_sha256_ck check (sha256 ~ '^[0-9a-f]{64}$')
);

-- Transactional outbox: model events are written in the same transaction as the change they announce and
-- published to Kafka after commit, so no event is lost and none announces a rolled-back change.
create table outbox_events (
    id            bigint generated always as identity,
    topic         text        not null,
    event_key     text        not null,
    payload       jsonb       not null,
    created_at    timestamptz not null default now(),
    published_at  timestamptz,
    constraint outbox_events_pk primary key (id)
);

create index outbox_events_unpublished_ix on outbox_events (id) where published_at is null;
