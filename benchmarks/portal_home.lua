-- wrk script of benchmarks/portal_home_benchmark.sh: every request is signed in as one of the
-- members (the `sid` cookies, one per line, in the file $PORTAL_SIDS), taken in turn, so each of
-- the connections serves all members. Sends `Host: $PORTAL_HOST` so Frappe picks the site.
-- done() prints one line the driver parses: latency percentiles (ms), requests/s, non-200 answers.

local host = os.getenv("PORTAL_HOST")
local sids = {}
for line in io.lines(os.getenv("PORTAL_SIDS")) do
	if line ~= "" then sids[#sids + 1] = line end
end

local threads = {}
function setup(thread)
	thread:set("thread_id", #threads)
	threads[#threads + 1] = thread
end

local requests, turn = {}, 0
non200 = 0 -- global: done() reads it from each thread

function init(args)
	-- Built once: formatting a request per call would cost wrk time it needs for measuring.
	for i, sid in ipairs(sids) do
		requests[i] = wrk.format(nil, nil, { Host = host, Cookie = "sid=" .. sid, Accept = "text/html" })
	end
	turn = thread_id * 7 -- threads start at different members
end

function request()
	turn = turn + 1
	return requests[turn % #requests + 1]
end

-- Anything but 200 (a redirect to /login, a 403, a 5xx) means the run measured the wrong thing.
function response(status, headers, body)
	if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, _requests)
	local bad = 0
	for _, thread in ipairs(threads) do bad = bad + thread:get("non200") end
	local errors = summary.errors
	io.write(string.format(
		"RESULT p50=%.1f p90=%.1f p95=%.1f p99=%.1f max=%.1f rps=%.1f requests=%d non200=%d socket_errors=%d\n",
		latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
		latency:percentile(99) / 1000, latency.max / 1000, summary.requests / (summary.duration / 1e6),
		summary.requests, bad, errors.connect + errors.read + errors.write + errors.timeout))
end
