-- accounting-service: a grant carries the id its caller chose, so a grant retried after a timeout (or sent to a
-- second instance) is applied once.
alter table credit_ledger add column grant_id text;
create unique index credit_ledger_grant_once on credit_ledger (grant_id) where grant_id is not null;
