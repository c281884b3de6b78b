-- One wrk script for every benchmark: wrk -t16 -c16 -s bench.lua URL -- MODE EXPECT DATAFILE
-- DATAFILE has tab-separated lines: thread, method, path, cookie, body, values, revision.
--   fixed:    each thread sends its own line again and again.
--   autosave: like fixed, but the body's %REV% is the attempt's current revision (read from each
--             answer) and %VAL% alternates between the line's values (separated by |).
--   walk:     each thread sends its lines once each, in order (a fresh attempt per request);
--             when they run out it asks for /__exhausted__, whose 404 makes the run invalid.
-- Every response whose status is not EXPECT counts as bad; done() prints one JSON line.

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do table.insert(fields, field) end
  return fields
end

function init(args)
  mode, expect = args[1], tonumber(args[2])
  ok, bad, used = 0, 0, 0
  debug = os.getenv("BENCH_DEBUG") ~= nil
  mine = {}
  for line in io.lines(args[3]) do
    local f = split(line)
    if tonumber(f[1]) == id then
      table.insert(mine, {method = f[2], path = f[3], cookie = f[4], body = f[5], values = f[6],
                          revision = tonumber(f[7]) or 0})
    end
  end
  if #mine == 0 then error("no lines for thread " .. id .. " in " .. args[3]) end
  revision, flip = mine[1].revision, 0
  values = {}
  for v in (mine[1].values or ""):gmatch("[^|]+") do table.insert(values, v) end
end

local function build(entry, body)
  local headers = {}
  if entry.cookie ~= "" then headers["Cookie"] = entry.cookie end
  if entry.method == "POST" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  return wrk.format(entry.method, entry.path, headers, body ~= "" and body or nil)
end

function request()
  if mode == "walk" then
    used = used + 1
    local entry = mine[used]
    if entry == nil then return wrk.format("GET", "/__exhausted__") end
    return build(entry, entry.body)
  end
  local entry = mine[1]
  if mode == "autosave" then
    flip = 1 - flip
    local body = entry.body:gsub("%%REV%%", tostring(revision)):gsub("%%VAL%%", values[flip + 1] or "")
    return build(entry, body)
  end
  return build(entry, entry.body)
end

function response(status, headers, body)
  if status == expect then
    ok = ok + 1
  else
    bad = bad + 1
    if debug and bad <= 2 then io.write("unexpected " .. status .. ": " .. body:sub(1, 200) .. "\n") end
  end
  if mode == "autosave" and status == 200 then
    local r = body:match('"revision":%s*(%d+)')
    if r then revision = tonumber(r) end
  end
end

function done(summary, latency, requests)
  local good, wrong, walked = 0, 0, 0
  for _, t in ipairs(threads) do
    good = good + t:get("ok")
    wrong = wrong + t:get("bad")
    walked = walked + t:get("used")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "ok": %d, "bad": %d, "walked": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d, "status_errors": %d}\n',
    summary.requests, summary.duration, summary.bytes, good, wrong, walked,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect, e.read, e.write, e.timeout, e.status))
end
