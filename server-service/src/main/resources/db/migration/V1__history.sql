-- The history of FedBlend runs: enough to show what happened and to resume a run after a restart.

create table training_run (
    id                     bigint generated always as identity primary key,
    status                 varchar(16)      not null,  -- RUNNING, FINISHED, STOPPED
    model                  varchar(32)      not null,
    model_fingerprint      varchar(64)      not null,
    alpha                  double precision not null,
    rounds                 integer          not null,
    min_clients            integer          not null,
    server_shard_from      integer          not null,
    server_shard_to        integer          not null,
    local_epochs           integer          not null,
    batch_size             integer          not null,
    learning_rate          real             not null,
    seed                   bigint           not null,
    rounds_completed       integer          not null default 0,
    round_timeouts         integer          not null default 0,  -- times a round waited past round-timeout
    last_timeout_round     integer,
    last_timeout_at        timestamp with time zone,
    status_reason          text,
    final_checkpoint_path  text,
    final_checkpoint_sha256 varchar(64),
    started_at             timestamp with time zone not null,
    finished_at            timestamp with time zone
);

create table round_result (
    id                 bigint generated always as identity primary key,
    run_id             bigint           not null references training_run (id),
    round              integer          not null,  -- 0 is the baseline
    alpha              double precision not null,
    accuracy           double precision not null,
    loss               double precision not null,
    clients            integer          not null,
    samples            bigint           not null,
    train_ms           bigint           not null,
    transfer_ms        bigint           not null,
    blend_ms           bigint           not null,
    eval_ms            bigint           not null,
    persist_ms         bigint           not null,
    bytes_in           bigint           not null,
    bytes_out          bigint           not null,
    checkpoint_path    text             not null,
    checkpoint_sha256  varchar(64)      not null,
    completed_at       timestamp with time zone not null,
    unique (run_id, round)
);

create table client (
    id             bigint generated always as identity primary key,
    client_id      varchar(200) not null unique,
    first_seen_at  timestamp with time zone not null,
    last_seen_at   timestamp with time zone not null
);

-- Sessions survive a server restart so connected clients carry on with the resumed run.
create table client_session (
    session_id  varchar(36)  primary key,
    run_id      bigint       not null references training_run (id),
    client_id   bigint       not null references client (id),
    started_at  timestamp with time zone not null
);

-- Every join, update and refusal: who contributed what to which round, or why it was refused.
create table participation (
    id           bigint generated always as identity primary key,
    run_id       bigint references training_run (id),
    client_id    bigint references client (id),
    session_id   varchar(36),
    round        integer,
    kind         varchar(16)  not null,  -- JOIN, UPDATE, FETCH, HEARTBEAT, AUTH
    accepted     boolean      not null,
    outcome      varchar(32)  not null,  -- ACCEPTED, or why it was refused (STALE_ROUND, INVALID_UPDATE, ...)
    reason       text,
    samples      bigint,
    train_loss   double precision,
    train_ms     bigint,
    bytes        bigint,
    created_at   timestamp with time zone not null
);

create index participation_run_round on participation (run_id, round);
