-- loadctl's wrk script, format version 2: what plain wrk output lacks, in lines that WrkOutputParser
-- (dev.loadctl.wrk) reads from a live run or a pasted log (docs/result-schema.md, "The bundled Lua
-- script's lines"):
--   loadctl-script 2                                  first, before wrk's "Running" line (setup())
--   ... wrk's own output, ending with Transfer/sec ...
--   loadctl-summary duration-us D requests N bytes B   the tail, from done()
--   loadctl-status CODE COUNT                          one line per status code, ascending
--   loadctl-latency-us p99.9 X p99.99 Y max Z          or "loadctl-latency-us none"
--   loadctl-end lines K                                K: the tail's lines before this one
--
-- Both ends are marked so that a log cut anywhere is known to be cut: the first line announces a
-- tail, which wrk's own output cannot, and the last closes it. A later version adds its lines
-- between the summary and the end line, through emit(), which counts them into K.
--
-- Cost: wrk hands a response to Lua only because response() is defined, and that is the price of
-- status counts. response() therefore does one table update in the thread's own Lua state: no
-- globals looked up, no strings built, no headers or body read.
-- wrk runs one Lua state per thread, plus one for setup() and done(); done() merges the threads'
-- tables through the thread objects setup() kept (thread:get copies a table between states).

local threads = {}

function setup(thread)
  -- setup() runs once per wrk thread before wrk prints anything; io.write shares wrk's stdout buffer,
  -- so this line comes out first.
  if #threads == 0 then
    io.write("loadctl-script 2\n")
  end
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

  local lines = 0
  local function emit(format, ...)
    io.write(string.format(format, ...), "\n")
    lines = lines + 1
  end
  -- %.0f, not %d: counts and byte totals can pass 2^31.
  emit("loadctl-summary duration-us %.0f requests %.0f bytes %.0f", summary.duration, summary.requests,
    summary.bytes)
  for _, status in ipairs(codes) do
    emit("loadctl-status %d %.0f", status, merged[status])
  end
  -- wrk starts min above max and records no response slower than --timeout: min > max means
  -- no latency was recorded at all (every response timed out, or none came back).
  if latency.min > latency.max then
    emit("loadctl-latency-us none")
  else
    emit("loadctl-latency-us p99.9 %.0f p99.99 %.0f max %.0f", latency:percentile(99.9),
      latency:percentile(99.99), latency.max)
  end
  io.write(string.format("loadctl-end lines %d\n", lines))
end
