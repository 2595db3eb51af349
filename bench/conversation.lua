-- wrk script: whole registration conversations, a new session every 6 turns.
local turns = {
  "register me for PyCon", "tomorrow", "Maria", "maria@example.com", "yes", "hello",
}
local n = 0
local base = os.getenv("BOT_PATH") or "/bots/X/botAliases/TSTALIASID/botLocales/en_US/sessions/"
local pause = tonumber(os.getenv("DELAY_MS") or "0")
local run = tostring(math.random(1, 1e9))

request = function()
  local i = n % #turns
  local session = "bench-" .. run .. "-" .. math.floor(n / #turns)
  n = n + 1
  local body = '{"text": "' .. turns[i + 1] .. '"}'
  return wrk.format("POST", base .. session .. "/text", {["Content-Type"] = "application/json"}, body)
end

if pause > 0 then
  delay = function() return pause end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.3f %.3f %.3f\n", summary.requests, summary.errors.status,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
