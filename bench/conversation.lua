-- wrk script: whole registration conversations, in order. Run with one connection per thread
-- (-tN -cN): each thread holds one conversation at a time on its own connection, so a session's
-- turns never overlap. A turn counts only when it is 2xx and its dialog action is the one the
-- conversation expects; anything else is counted as an error and starts a new conversation.
-- The conversation advances on each answer, not on each request() (wrk calls request() once
-- more than it sends, to check the script).
--
-- Environment: BOT_PATH (the sessions path), DELAY_MS (pause between turns), CHECK=0 (the echo:
-- only the status is checked).

local turns = {
  {text = "register me for PyCon", action = "ElicitSlot", slot = "eventDate"},
  {text = "tomorrow", action = "ElicitSlot", slot = "firstName"},
  {text = "Maria", action = "ElicitSlot", slot = "email"},
  {text = "maria@example.com", action = "ConfirmIntent"},
  {text = "yes", action = "Close", intent = "RegisterUserForEvent"}, -- and Fulfilled
  {text = "hello", action = "Close", intent = "Greeting"},
}
local base = os.getenv("BOT_PATH") or "/bots/X/botAliases/TSTALIASID/botLocales/en_US/sessions/"
local pause = tonumber(os.getenv("DELAY_MS") or "0")
local check = os.getenv("CHECK") ~= "0"

-- Main state: one entry per thread, read back in done().
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

-- Thread state.
local turn, conversation, prefix = 1, 0, ""
good, non2xx, wrong, sample = 0, 0, 0, ""

function init(args)
  local run = tostring(os.time()) .. "-" .. tostring(math.random(1, 1e9))
  prefix = "bench-" .. run .. "-" .. tostring(wrk.thread:get("id")) .. "-"
end

request = function()
  local body = '{"text": "' .. turns[turn].text .. '"}'
  local path = base .. prefix .. conversation .. "/text"
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
end

local function expected(body, want)
  local action = body:match('"dialogAction"%s*:%s*(%b{})')
  if action == nil or action:match('"type"%s*:%s*"(%w+)"') ~= want.action then
    return false
  end
  if want.slot and action:match('"slotToElicit"%s*:%s*"(%w+)"') ~= want.slot then
    return false
  end
  if want.intent then
    local state = body:match('"sessionState"%s*:%s*(%b{})')
    local intent = state and state:match('"intent"%s*:%s*(%b{})')
    if intent == nil or intent:match('^{%s*"name"%s*:%s*"([%w.]+)"') ~= want.intent
        or intent:match('"state"%s*:%s*"(%w+)"%s*,%s*"confirmationState"') ~= "Fulfilled" then
      return false
    end
  end
  return true
end

local function restart()
  turn, conversation = 1, conversation + 1
end

response = function(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if sample == "" then sample = tostring(status) .. " " .. body:sub(1, 200) end
    restart()
    return
  end
  if check and not expected(body, turns[turn]) then
    wrong = wrong + 1
    if sample == "" then sample = "turn " .. turn .. ": " .. body:sub(1, 300) end
    restart()
    return
  end
  good = good + 1
  turn = turn + 1
  if turn > #turns then restart() end
end

if pause > 0 then
  delay = function() return pause end
end

done = function(summary, latency, requests)
  local g, n, w, s = 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    g = g + thread:get("good")
    n = n + thread:get("non2xx")
    w = w + thread:get("wrong")
    if s == "" then s = thread:get("sample") end
  end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %.3f %.3f %.3f %.3f\n", g, n, w,
    e.connect + e.read + e.write + e.timeout, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  if s ~= "" then io.write("SAMPLE " .. s:gsub("\n", " ") .. "\n") end
end
