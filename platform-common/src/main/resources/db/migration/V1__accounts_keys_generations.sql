-- One database, tables owned by one service each (see docs/architecture.md):
--   ingress-api        accounts (except credits), api_keys, generations, outbox, rate_limit_windows
--   accounting-service accounts.credits, credit_ledger
--   webhook-service    webhook_deliveries

create table accounts (
    id                  text primary key,
    email               text not null unique,
    plan                text not null check (plan in ('starter', 'pro', 'studio', 'enterprise')),
    rate_limit_per_minute integer check (rate_limit_per_minute > 0),
    credits             bigint not null default 0 check (credits >= 0),
    webhook_secret      text not null,
    created_at          timestamptz not null default now()
);

-- Only a SHA-256 hash of each key is kept; lookup_prefix (the first characters, shown in dashboards) finds the
-- row and the hash is then compared in constant time by the application.
create table api_keys (
    id            text primary key,
    account_id    text not null references accounts (id),
    lookup_prefix text not null unique,
    secret_hash   bytea not null,
    created_at    timestamptz not null default now(),
    revoked_at    timestamptz
);
create index api_keys_account on api_keys (account_id);

create table generations (
    id               text primary key,
    account_id       text not null references accounts (id),
    status           text not null check (status in ('queued', 'processing', 'completed', 'failed')),
    prompt           text not null,
    negative_prompt  text,
    style            text not null,
    width            integer not null,
    height           integer not null,
    quality          text not null,
    seed             bigint not null,
    upscale          boolean not null,
    webhook_url      text,
    credits_used     integer not null,
    image_url        text,
    object_key       text,
    failure_code     text,
    failure_message  text,
    idempotency_key  text,
    request_fingerprint bytea,
    created_at       timestamptz not null,
    finished_at      timestamptz,
    deleted_at       timestamptz,
    unique (account_id, idempotency_key)
);
create index generations_account_newest on generations (account_id, created_at desc, id desc);

-- Transactional outbox: a generation row and its request event commit together, and a relay publishes the event
-- afterwards. An answered request can therefore never be lost between the database and Kafka.
create table outbox (
    id            bigserial primary key,
    topic         text not null,
    record_key    text not null,
    event_type    text not null,
    schema_version integer not null,
    event_id      text not null,
    payload       bytea not null,
    created_at    timestamptz not null default now()
);

-- Fixed one-minute windows aligned to the UTC minute, shared by every ingress instance.
create table rate_limit_windows (
    key_id        text not null,
    window_start  timestamptz not null,
    requests      integer not null,
    primary key (key_id, window_start)
);

create table credit_ledger (
    id            bigserial primary key,
    account_id    text not null references accounts (id),
    generation_id text,
    entry         text not null check (entry in ('grant', 'debit', 'refund', 'rejection')),
    amount        bigint not null,
    reason        text,
    created_at    timestamptz not null default now()
);
-- At most one debit, one refund and one rejection per generation: redelivered events cannot charge twice.
create unique index credit_ledger_once_per_generation on credit_ledger (generation_id, entry)
    where generation_id is not null;
create index credit_ledger_account on credit_ledger (account_id, created_at);

create table webhook_deliveries (
    generation_id  text not null,
    event_type     text not null,
    url            text not null,
    status         text not null check (status in ('pending', 'delivered', 'abandoned')),
    attempts       integer not null default 0,
    last_error     text,
    last_status    integer,
    next_attempt_at timestamptz not null default now(),
    delivered_at   timestamptz,
    payload        bytea not null,
    primary key (generation_id, event_type)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
