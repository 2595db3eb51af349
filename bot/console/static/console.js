// The test console: chats with the bot through the Lex V2 runtime API (RecognizeText, as any
// client), and shows each turn as the bot read it. Hook calls and timings are not in a Lex
// answer: they come from the console-only trace of the same request, fetched by its request id.
// A server with several bots gets a bot selector; the console's own data routes name the bot.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  bot: null, // what /console/api/bot says: the first bot's fields, `auth` and `bots`
  chosen: null, // the bot talked to, one of state.bot.bots
  sentTo: "", // the session path of the conversation, once a turn was sent
  sessionId: "",
  turns: [], // {said, button, answer, error, trace, requestId}
  selected: -1,
  credentials: JSON.parse(sessionStorage.getItem("lexbot-console-credentials") || "null"),
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function newSessionId() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return "console-" + [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// ------------------------------------------------------------ the API, with its credentials

class ApiError extends Error {
  constructor(status, type, message) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

async function api(path, { method = "GET", body = null, headers = {}, retry = true } = {}) {
  let sent = { ...headers };
  const text = body === null ? null : JSON.stringify(body);
  if (text !== null) sent["Content-Type"] = "application/json";
  const creds = state.credentials;
  if (state.bot.auth === "token" && creds && creds.token) sent.Authorization = `Bearer ${creds.token}`;
  if (state.bot.auth === "sigv4" && creds && creds.accessKey) {
    const signed = {};
    if (text !== null) signed["Content-Type"] = "application/json";
    const auth = await SigV4.sign({ method, url: path, headers: signed, body: text || "",
      accessKey: creds.accessKey, secretKey: creds.secretKey });
    sent = { ...sent, ...auth };
  }
  const response = await fetch(path, { method, headers: sent, body: text });
  if (response.ok) return response;
  let type = "", message = response.statusText;
  try {
    const payload = await response.json();
    type = payload.__type || "";
    message = payload.message || message;
  } catch (_) { /* not JSON */ }
  const refused = ["MissingAuthenticationTokenException", "UnrecognizedClientException",
    "InvalidSignatureException", "IncompleteSignatureException", "AccessDeniedException"];
  if (retry && refused.includes(type) && state.bot.auth !== "none") {
    if (await askCredentials(message)) return api(path, { method, body, headers, retry: false });
  }
  throw new ApiError(response.status, type, message);
}

function askCredentials(why) {
  const dialog = $("credentials-dialog");
  $("credentials-why").textContent = why
    ? `The runtime API refused the request: ${why}`
    : "This server's runtime API needs credentials.";
  const sigv4 = state.bot.auth === "sigv4";
  $("token-fields").hidden = sigv4;
  $("sigv4-fields").hidden = !sigv4;
  return new Promise((resolve) => {
    const done = (ok) => {
      dialog.close();
      $("credentials-form").removeEventListener("submit", submit);
      $("credentials-cancel").removeEventListener("click", cancel);
      resolve(ok);
    };
    const submit = (event) => {
      event.preventDefault();
      state.credentials = sigv4
        ? { accessKey: $("access-key").value.trim(), secretKey: $("secret-key").value }
        : { token: $("token").value.trim() };
      sessionStorage.setItem("lexbot-console-credentials", JSON.stringify(state.credentials));
      done(true);
    };
    const cancel = () => done(false);
    $("credentials-form").addEventListener("submit", submit);
    $("credentials-cancel").addEventListener("click", cancel);
    dialog.showModal();
    (sigv4 ? $("access-key") : $("token")).focus();
  });
}

// ------------------------------------------------------------ chatting

function sessionPath() {
  const b = state.chosen;
  return `/bots/${b.botId}/botAliases/${encodeURIComponent($("alias").value)}` +
    `/botLocales/${encodeURIComponent($("locale").value)}/sessions/${state.sessionId}`;
}

async function say(text, button = false) {
  const turn = { said: text, button, answer: null, error: null, trace: null, requestId: "" };
  state.turns.push(turn);
  const index = state.turns.length - 1;
  $("log").append(el("li", { class: "user" },
    el("button", { type: "button", "aria-pressed": "false", title: "Show this turn",
      onclick: () => select(index) }, button ? `[${text}]` : text)));
  state.sentTo = sessionPath();
  const requestAttributes = {};
  const zone = $("time-zone").value.trim();
  if (zone) requestAttributes["x-amz-lex:time-zone"] = zone;
  try {
    const response = await api(sessionPath() + "/text", {
      method: "POST",
      body: { text, requestAttributes },
      headers: { "x-lexbot-console": button ? "button" : "turn" },
    });
    turn.requestId = response.headers.get("x-amzn-RequestId") || "";
    turn.answer = await response.json();
    renderAnswer(turn.answer);
  } catch (error) {
    turn.error = error;
    $("log").append(el("li", { class: "error", role: "alert" },
      `${error.type || "Error"}: ${error.message}`));
  }
  if (turn.requestId) {
    try {
      turn.trace = await (await api(`/console/api/traces/${turn.requestId}`)).json();
    } catch (error) {
      turn.trace = { unavailable: error.message };
    }
  }
  select(index);
  $("log").scrollTop = $("log").scrollHeight;
}

function renderAnswer(answer) {
  for (const message of answer.messages || []) {
    if (message.contentType === "ImageResponseCard" && message.imageResponseCard) {
      $("log").append(el("li", { class: "bot" }, renderCard(message.imageResponseCard)));
    } else if (message.contentType === "CustomPayload") {
      $("log").append(el("li", { class: "bot" }, el("pre", {}, message.content || "")));
    } else {
      $("log").append(el("li", { class: "bot" }, message.content || ""));
    }
  }
}

function renderCard(card) {
  const buttons = (card.buttons || []).map((b) =>
    el("button", { type: "button", onclick: () => say(b.value, true) }, b.text));
  return el("div", { class: "card", role: "group", "aria-label": card.title },
    card.imageUrl ? el("img", { src: card.imageUrl, alt: "", referrerpolicy: "no-referrer" }) : null,
    el("div", { class: "title" }, card.title),
    card.subtitle ? el("div", { class: "subtitle" }, card.subtitle) : null,
    buttons.length ? el("div", { class: "buttons" }, buttons) : null);
}

// ------------------------------------------------------------ the turn panel

function select(index) {
  state.selected = index;
  document.querySelectorAll("#log .user button").forEach((b, i) =>
    b.setAttribute("aria-pressed", String(i === index)));
  renderTurn(state.turns[index]);
}

function table(headers, rows, caption) {
  return el("table", { class: "grid" }, el("caption", { class: "visually-hidden" }, caption),
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((r) => el("tr", {}, r.map((c) => el("td", {}, c ?? "—"))))));
}

function facts(pairs) {
  return el("dl", { class: "facts" }, pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v ?? "—")]));
}

function slotRows(slots) {
  return Object.entries(slots || {}).map(([name, slot]) => {
    const value = slot && slot.value;
    if (!value) return [name, "—", "—", "—"];
    return [name, value.originalValue, value.interpretedValue, (value.resolvedValues || []).join(", ")];
  });
}

function renderTurn(turn) {
  const body = $("turn-body");
  body.replaceChildren();
  $("turn-title").textContent = `Turn ${state.turns.indexOf(turn) + 1}: “${turn.said}”`;
  if (turn.error) {
    body.append(el("p", { class: "failed" }, `${turn.error.type || "Error"} (${turn.error.status}): ${turn.error.message}`));
  }
  const answer = turn.answer;
  if (answer) {
    const s = answer.sessionState || {};
    const action = s.dialogAction || {};
    const intent = s.intent || {};
    body.append(el("h3", {}, "Dialog"), facts([
      ["Dialog action", action.type + (action.slotToElicit ? ` (${action.slotToElicit})` : "")],
      ["Intent", intent.name],
      ["Intent state", intent.state],
      ["Confirmation", intent.confirmationState],
    ]));
    body.append(el("h3", {}, "Interpretations"), table(["Intent", "Confidence", "Source"],
      (answer.interpretations || []).map((i) => [i.intent.name,
        i.nluConfidence ? i.nluConfidence.score.toFixed(4) : "—", i.interpretationSource || "Lex"]),
      "Interpretations, best first"));
    const rows = slotRows(intent.slots);
    body.append(el("h3", {}, `Slots of ${intent.name || "the intent"}`), rows.length
      ? table(["Slot", "Original", "Interpreted", "Resolved"], rows, "Slots") : el("p", { class: "muted" }, "No slots."));
    const attributes = Object.entries(s.sessionAttributes || {});
    body.append(el("h3", {}, "Session attributes"), attributes.length
      ? table(["Name", "Value"], attributes, "Session attributes") : el("p", { class: "muted" }, "None."));
    const contexts = s.activeContexts || [];
    body.append(el("h3", {}, "Active contexts"), contexts.length
      ? table(["Context", "Turns left", "Seconds left", "Attributes"], contexts.map((c) => [c.name,
        c.timeToLive.turnsToLive, c.timeToLive.timeToLiveInSeconds,
        Object.entries(c.contextAttributes || {}).map(([k, v]) => `${k}=${v}`).join(", ")]), "Active contexts")
      : el("p", { class: "muted" }, "None."));
  }
  body.append(el("h3", {}, "Code hooks"));
  const trace = turn.trace;
  if (!trace || trace.unavailable) {
    body.append(el("p", { class: "muted" }, trace ? `No trace: ${trace.unavailable}` : "No trace."));
    return;
  }
  body.append(trace.hooks.length
    ? table(["Hook", "Transport", "Duration", "Outcome"], trace.hooks.map((h) => [
      h.source === "dialog" ? "dialog" : "fulfilment", h.transport, `${h.ms.toFixed(1)} ms`,
      h.error ? el("span", { class: "failed" }, h.error) : "ok"]), "Code hook calls")
    : el("p", { class: "muted" }, "No code hook ran."));
  body.append(el("h3", {}, "Timing"), facts([
    ["NLU", `${trace.nluMs.toFixed(2)} ms (${trace.nluParses} parse${trace.nluParses === 1 ? "" : "s"})`],
    ["Turn", trace.turnMs === null ? "—" : `${trace.turnMs.toFixed(2)} ms`],
    ["Request id", turn.requestId],
  ]));
}

// ------------------------------------------------------------ session, tabs, missed

async function reset() {
  // The path it was sent to: the bot, alias or locale may have changed since.
  if (state.sentTo) {
    try { await api(state.sentTo, { method: "DELETE" }); } catch (_) { /* nothing to delete */ }
  }
  state.sentTo = "";
  state.sessionId = newSessionId();
  state.turns = [];
  $("session-id").textContent = state.sessionId;
  $("log").replaceChildren();
  $("turn-title").textContent = "Turn";
  $("turn-body").replaceChildren(el("p", { class: "muted" }, "New session. Say something."));
  $("save-hint").hidden = true;
  $("text").focus();
}

function download(text, filename) {
  const link = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/yaml" })), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
}

async function saveTest() {
  const hint = $("save-hint");
  hint.hidden = false;
  try {
    const name = encodeURIComponent("recorded in the console");
    const response = await api(`/console/api/conversations/${state.sessionId}?name=${name}&${botQuery()}`);
    download(await response.text(), `${state.sessionId}.yaml`);
    hint.textContent = `Saved. From a terminal: bot test --record tests/conversations/NAME.yaml --session ${state.sessionId} --url ${location.origin}`;
  } catch (error) {
    hint.textContent = `Nothing to save: ${error.message}`;
  }
}

function showTab(which) {
  for (const name of ["test", "missed"]) {
    const tab = $(`tab-${name}`);
    const on = name === which;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${name}`).hidden = !on;
  }
  $(`tab-${which}`).focus();
  if (which === "missed") loadMissed();
}

async function loadMissed(event) {
  if (event) event.preventDefault();
  const since = encodeURIComponent($("missed-since").value.trim() || "30d");
  const tbody = $("missed-table").querySelector("tbody");
  try {
    const found = await (await api(`/console/api/missed?since=${since}&${botQuery()}`)).json();
    tbody.replaceChildren(...found.groups.map((g) => el("tr", {},
      el("td", {}, g.count), el("td", {}, g.text),
      el("td", {}, g.texts.slice(1, 4).map((t) => t.text).join("; ") + (g.texts.length > 4 ? ` (+${g.texts.length - 4})` : "")),
      el("td", {}, g.intents.slice(0, 2).map((i) => `${i.name} ${i.confidence.toFixed(2)}`).join(", ") || "—"),
      el("td", {}, new Date(g.lastSeen * 1000).toLocaleString()))));
    $("missed-summary").textContent = `${found.total} missed utterance(s) in ${found.groups.length} group(s).`;
  } catch (error) {
    $("missed-summary").textContent = `Cannot list them: ${error.message}`;
  }
}

async function exportMissed() {
  const since = encodeURIComponent($("missed-since").value.trim() || "30d");
  const intent = encodeURIComponent($("missed-intent").value.trim() || "oos");
  try {
    const response = await api(`/console/api/missed/export?since=${since}&intent=${intent}&${botQuery()}`);
    download(await response.text(), "missed.yml");
  } catch (error) {
    $("missed-summary").textContent = `Cannot export them: ${error.message}`;
  }
}

function botQuery() {
  return `bot=${encodeURIComponent(state.chosen.name)}`;
}

// Fills the alias, locale and time zone of a bot; the conversation starts over with it.
async function chooseBot(name) {
  state.chosen = state.bot.bots.find((b) => b.name === name) || state.bot.bots[0];
  const b = state.chosen;
  document.title = `${b.name} — test console`;
  $("bot-name").textContent = b.name;
  $("alias").replaceChildren(...b.aliases.map((a) => el("option", { value: a }, a)));
  $("locale").replaceChildren(...b.locales.map((l) => el("option", { value: l }, l)));
  $("time-zone").value = b.timeZone;
  $("missed-table").querySelector("tbody").replaceChildren();
  $("missed-summary").textContent = "";
  await reset();
  if (!$("panel-missed").hidden) loadMissed();
}

async function start() {
  state.bot = await (await fetch("/console/api/bot")).json();
  $("bot").replaceChildren(...state.bot.bots.map((b) => el("option", { value: b.name }, b.name)));
  $("bot-choice").hidden = state.bot.bots.length < 2;
  $("bot").addEventListener("change", () => chooseBot($("bot").value));
  $("credentials-button").hidden = state.bot.auth === "none";
  $("credentials-button").addEventListener("click", () => askCredentials(""));
  $("say").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("text").value.trim();
    if (!text) return;
    $("text").value = "";
    say(text);
  });
  $("reset").addEventListener("click", reset);
  $("locale").addEventListener("change", reset); // a locale is a conversation of its own
  $("alias").addEventListener("change", reset);
  $("save-test").addEventListener("click", saveTest);
  $("tab-test").addEventListener("click", () => showTab("test"));
  $("tab-missed").addEventListener("click", () => showTab("missed"));
  document.querySelector("[role=tablist]").addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      showTab($("tab-test").getAttribute("aria-selected") === "true" ? "missed" : "test");
    }
  });
  $("missed-form").addEventListener("submit", loadMissed);
  $("missed-export").addEventListener("click", exportMissed);
  await chooseBot(state.bot.name);
}

document.addEventListener("DOMContentLoaded", start);
