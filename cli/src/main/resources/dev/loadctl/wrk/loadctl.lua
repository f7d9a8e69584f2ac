-- loadctl's wrk script: what plain wrk output lacks, printed after wrk's own lines so that
-- WrkOutputParser (dev.loadctl.wrk) can read it, from a live run or a pasted log:
--   loadctl-script 1
--   loadctl-summary duration-us D requests N bytes B
--   loadctl-status CODE COUNT                         one line per status code, ascending
--   loadctl-latency-us p99.9 X p99.99 Y max Z         or "loadctl-latency-us none"
--
-- Cost: wrk hands a response to Lua only because response() is defined, and that is the price of
-- status counts. response() therefore does one table update in the thread's own Lua state: no
-- globals looked up, no strings built, no headers or body read.
-- wrk runs one Lua state per thread, plus one for setup() and done(); done() merges the threads'
-- tables through the thread objects setup() kept (thread:get copies a table between states).

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

local counts = {}
loadctl_status_counts = counts -- the same table, as a global so that thread:get() can find it

function response(status)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local merged, codes = {}, {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("loadctl_status_counts") or {}) do
      if merged[status] == nil then
        merged[status] = 0
        codes[#codes + 1] = status
      end
      merged[status] = merged[status] + n
    end
  end
  table.sort(codes)
  -- %.0f, not %d: counts and byte totals can pass 2^31.
  io.write("loadctl-script 1\n")
  io.write(string.format("loadctl-summary duration-us %.0f requests %.0f bytes %.0f\n",
    summary.duration, summary.requests, summary.bytes))
  for _, status in ipairs(codes) do
    io.write(string.format("loadctl-status %d %.0f\n", status, merged[status]))
  end
  -- wrk starts min above max and records no response slower than --timeout: min > max means
  -- no latency was recorded at all (every response timed out, or none came back).
  if latency.min > latency.max then
    io.write("loadctl-latency-us none\n")
  else
    io.write(string.format("loadctl-latency-us p99.9 %.0f p99.99 %.0f max %.0f\n",
      latency:percentile(99.9), latency:percentile(99.99), latency.max))
  end
end
