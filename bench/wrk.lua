-- wrk reporter for bench/run.py: prints one JSON line with the latency percentiles
-- (microseconds), the request count and the errors, after the human-readable summary.
-- An optional script argument is sent as the Cookie header (a signed-in member's session):
--   wrk ... -s bench/wrk.lua http://127.0.0.1:8200/ -- "sessionid=..."
init = function(args)
  if args[1] ~= nil and args[1] ~= "" then
    wrk.headers["Cookie"] = args[1]
  end
end

done = function(summary, latency, requests)
  io.write(string.format(
    'BENCH_JSON {"p50": %d, "p75": %d, "p90": %d, "p95": %d, "p99": %d, "mean": %.1f, ' ..
    '"max": %d, "requests": %d, "duration_us": %d, "bytes": %d, "non_2xx_3xx": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.mean, latency.max,
    summary.requests, summary.duration, summary.bytes, summary.errors.status,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
