-- loadctl's wrk script, format version 2: what plain wrk output lacks, in lines that WrkOutputParser
-- (dev.loadctl.wrk) reads from a live run or a pasted log (docs/result-schema.md, "The bundled Lua
-- script's lines"):
--   loadctl-script 2                                  first, before wrk's "Running" line (setup())
--   ... wrk's own output, ending with Transfer/sec ...
--   loadctl-summary duration-us D requests N bytes B   the tail, from done()
--   loadctl-status CODE COUNT                          one line per status code, ascending
--   loadctl-latency-us p99.9 X p99.99 Y max Z          or "loadctl-latency-us none"
--   loadctl-latency-ladder-us P:V P:V ...               wrk's latency quantiles (us), a few lines, none
--                                                      when no latency was recorded
--   loadctl-clock start-us T                           the measured window's start, wall clock (us)
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

-- The wall clock, through LuaJIT's ffi (wrk embeds LuaJIT). Several generators of one point are merged
-- over their common window, so each says when its window began; without ffi that line is left out.
local wall_us
do
  local ok, ffi = pcall(require, "ffi")
  if ok then
    ok = pcall(ffi.cdef, "typedef struct { long tv_sec; long tv_nsec; } loadctl_timespec;"
      .. " int clock_gettime(int clock, loadctl_timespec *now);")
  end
  if ok then
    local now = ffi.new("loadctl_timespec")
    wall_us = function()
      ffi.C.clock_gettime(0, now) -- CLOCK_REALTIME
      return tonumber(now.tv_sec) * 1e6 + math.floor(tonumber(now.tv_nsec) / 1000)
    end
  end
end
local window_start_us

function setup(thread)
  -- setup() runs once per wrk thread before wrk prints anything; io.write shares wrk's stdout buffer,
  -- so this line comes out first.
  if #threads == 0 then
    io.write("loadctl-script 2\n")
  end
  threads[#threads + 1] = thread
  -- wrk starts each thread right after its setup() and its measured window right after the last one,
  -- so the last setup()'s time is the window's start to within a thread's start-up.
  if wall_us then
    window_start_us = wall_us()
  end
end

-- A staggered start, when loadctl passes "stagger-ms S first-requests N" after the URL. wrk opens every
-- connection at once and sends each one's first request at once; with a fixed handler delay the
-- connections then stay in step, and every cycle the server and wrk take all requests in one burst, whose
-- queue becomes the run's tail (p99 40-70 ms over the same load spread out, docs/benchmarks.md). Holding
-- each connection's first request for a random time below the handler's delay spreads them as independent
-- clients would be. wrk asks delay() before every request; a thread's first N calls are its connections'
-- first requests (no answer can have come back yet: answers take the handler's delay), later calls
-- return 0. Without the arguments delay() stays undefined and wrk never calls it. wrk measures a
-- request's latency from when it is written, so the hold is not in the latency.
function init(args)
  local stagger_ms, first_requests = 0, 0
  for i = 1, #args - 1 do
    if args[i] == "stagger-ms" then
      stagger_ms = tonumber(args[i + 1]) or 0
    elseif args[i] == "first-requests" then
      first_requests = tonumber(args[i + 1]) or 0
    end
  end
  if stagger_ms >= 1 and first_requests >= 1 then
    -- One Lua state per thread: seed each apart, or every thread holds its connections alike.
    math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 1000003)
    local calls = 0
    delay = function()
      calls = calls + 1
      if calls <= first_requests then
        return math.random(0, stagger_ms - 1)
      end
      return 0
    end
  end
end

local counts = {}
loadctl_status_counts = counts -- the same table, as a global so that thread:get() can find it

function response(status)
  counts[status] = (counts[status] or 0) + 1
end

-- The quantiles the ladder gives: every whole percent, then finer towards the tail, where one request
-- in a thousand moves p99.9. 0 is the minimum and 100 the maximum.
local ladder = {}
for p = 0, 99 do
  ladder[#ladder + 1] = p
end
for _, step in ipairs({ 0.1, 0.01, 0.001 }) do
  for i = 1, 9 do
    ladder[#ladder + 1] = 100 - 10 * step + i * step
  end
end
ladder[#ladder + 1] = 100

-- wrk's latency quantiles, so that loadctl can merge the latency distributions of several generators
-- (never their percentiles). A ladder, not wrk's buckets: latency(i) walks the histogram from its
-- minimum on every call, so a full export costs (buckets x range), a quarter of a second at -c200 and
-- far more with seconds of spread, while each percentile() is one walk (docs/benchmarks.md has the
-- figures). Lines stay short (older loadctl refuses a tail line over 512 characters).
local function emit_ladder(emit, latency)
  local pairs_per_line, line = 25, {}
  for i, p in ipairs(ladder) do
    local value
    if p == 0 then
      value = latency.min
    elseif p == 100 then
      value = latency.max -- percentile(100) would find no sample: its rank is one past the count
    else
      value = latency:percentile(p)
    end
    line[#line + 1] = string.format("%s:%.0f", string.format("%.3f", p):gsub("%.?0+$", ""), value)
    if #line == pairs_per_line or i == #ladder then
      emit("loadctl-latency-ladder-us %s", table.concat(line, " "))
      line = {}
    end
  end
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
    emit_ladder(emit, latency)
  end
  if window_start_us then
    emit("loadctl-clock start-us %.0f", window_start_us)
  end
  io.write(string.format("loadctl-end lines %d\n", lines))
end
