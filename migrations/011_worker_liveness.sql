-- Each job worker process says it is alive every few seconds (src/platform/jobs/worker-liveness.ts):
-- the jobs locked by a worker that stopped saying so (killed, its machine lost) are freed within a
-- minute, instead of graphile-worker's 4 hours.
create table job_worker_heartbeat (
  worker_id text primary key,
  seen_at timestamptz not null
);
