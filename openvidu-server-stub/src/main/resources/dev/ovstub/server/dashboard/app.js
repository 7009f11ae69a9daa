// The dashboard: what the server holds (sessions, participants, recordings) and buttons that drive it, all through
// the public API and the control API (see api.js). Plain DOM, no framework, no build step.
//
// Live refresh is by polling, once a second, and at once after every action. Why not server-sent events: the state
// is the server's whole view (sessions, participants, recordings and their files), which three small GETs of the
// existing APIs give exactly, so polling needs no new event stream on the server and no change tracking in its
// session and recording layers; it survives restarts of the server and any proxy in front of it (an SSE stream is
// buffered or cut by many), and it costs a few kilobytes a second for one open tab. Polling pauses while the tab
// is hidden.

import {ApiError, call, pageRelative} from "./api.js";

const REFRESH_MILLIS = 1000;
const ARCHIVE_MODES = ["ALWAYS", "MANUAL"];
const LAYOUTS = ["BEST_FIT", "PICTURE_IN_PICTURE", "VERTICAL_PRESENTATION", "HORIZONTAL_PRESENTATION"];
const MEDIA_MODES = ["ROUTED", "RELAYED"];
const ROLES = ["PUBLISHER", "SUBSCRIBER", "MODERATOR"];

// ---------------------------------------------------------------- small DOM helpers

/** An element with attributes (on* are listeners) and children (strings become text). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith("on")) {
      element.addEventListener(name.substring(2), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

/** Sets a node's text only when it changed (no needless DOM churn, no re-announcement). */
function setText(node, text) {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

/**
 * Keeps `container`'s children in the order of `items`, one per key: existing elements are updated in place
 * (focus, typed text, a playing video and a preview survive a refresh), new ones created, gone ones removed.
 */
function syncChildren(container, items, keyOf, create, update) {
  const existing = new Map();
  for (const child of Array.from(container.children)) {
    existing.set(child.dataset.key, child);
  }
  let previous = null;
  for (const item of items) {
    const key = keyOf(item);
    let element = existing.get(key);
    if (element) {
      existing.delete(key);
    } else {
      element = create(item);
      element.dataset.key = key;
    }
    update(element, item);
    const wanted = previous ? previous.nextSibling : container.firstChild;
    if (wanted !== element) {
      container.insertBefore(element, wanted);
    }
    previous = element;
  }
  for (const gone of existing.values()) {
    gone.remove();
  }
}

function options(values, selected) {
  return values.map(v => h("option", {value: v, selected: v === selected}, v));
}

let uniqueIds = 0;
function uid(prefix) {
  uniqueIds += 1;
  return prefix + "-" + uniqueIds;
}

/** A labelled control: <label for> and the control, stacked. */
function field(labelText, control) {
  control.id = control.id || uid("field");
  return h("div", {class: "field"}, h("label", {for: control.id}, labelText), control);
}

function shortIdOf(sessionId) {
  return sessionId.substring(sessionId.lastIndexOf("/") + 1);
}

function formatBytes(bytes) {
  if (!bytes) return "0 B";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes, unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return (unit === 0 ? value : value.toFixed(1)) + " " + units[unit];
}

function formatDuration(seconds) {
  if (!seconds) return "0 s";
  return seconds < 60 ? seconds.toFixed(1) + " s" : Math.floor(seconds / 60) + " min " + Math.round(seconds % 60) + " s";
}

function formatTime(millis) {
  return new Date(millis).toLocaleString();
}

// ---------------------------------------------------------------- messages: every refusal in words

const root = document.getElementById("dashboard");
const messages = h("ul", {class: "messages", id: "messages"});
const messagesRegion = h("section", {class: "messages-region", "aria-labelledby": "messages-title", hidden: true},
  h("h2", {id: "messages-title", class: "visually-hidden"}, "Messages"), messages);
const note = h("p", {class: "note", id: "note", role: "status"});
const refreshProblem = h("p", {class: "problem", id: "refresh-problem", role: "alert", hidden: true});

/** Shows why an action failed, in words, until dismissed; the newest first, at most eight. */
function showError(action, error) {
  const text = action + " failed: " + (error instanceof ApiError ? error.describe() : String(error && error.message ? error.message : error));
  const dismiss = h("button", {type: "button", class: "quiet", "aria-label": "Dismiss: " + text}, "Dismiss");
  const item = h("li", {class: "message error", role: "alert"}, h("span", {class: "message-text"}, text), dismiss);
  dismiss.addEventListener("click", () => {
    item.remove();
    messagesRegion.hidden = messages.children.length === 0;
  });
  messages.prepend(item);
  while (messages.children.length > 8) {
    messages.lastChild.remove();
  }
  messagesRegion.hidden = false;
}

function showNote(text) {
  setText(note, text);
}

/**
 * Runs an action; its refusal becomes a message; the view refreshes after it either way. `work` may return the
 * note to show on success. While it runs its button ignores clicks; it is marked busy, not disabled, so that it
 * keeps the keyboard focus.
 */
async function act(description, work, button) {
  if (button) {
    if (button.getAttribute("aria-busy") === "true") return undefined;
    button.setAttribute("aria-busy", "true");
  }
  try {
    const result = await work();
    showNote(typeof result === "string" ? result : description + ": done.");
    return result;
  } catch (e) {
    showError(description, e);
    return undefined;
  } finally {
    if (button) button.removeAttribute("aria-busy");
    refreshSoon();
  }
}

// ---------------------------------------------------------------- the page's frame

const refreshState = h("p", {class: "refresh", id: "refresh-state"}, "Loading…");
const serverFacts = h("dl", {class: "facts", id: "server-facts"});
const sessionList = h("div", {class: "cards", id: "session-list"});
const noSessions = h("p", {class: "empty", id: "no-sessions"}, "No sessions yet. Create one above, or with POST /api/sessions.");
const recordingList = h("div", {class: "cards", id: "recording-list"});
const noRecordings = h("p", {class: "empty", id: "no-recordings"}, "No recordings yet.");
const recordingsOff = h("p", {class: "empty", id: "recordings-off", hidden: true},
  "Recording is off on this server: start it with openvidu.recording=true to record sessions.");

function createSessionForm() {
  const mode = h("select", {name: "archiveMode", id: "new-session-mode"}, options(ARCHIVE_MODES, "ALWAYS"));
  const layout = h("select", {name: "archiveLayout", id: "new-session-layout"}, options(LAYOUTS, "BEST_FIT"));
  const media = h("select", {name: "mediaMode", id: "new-session-media"}, options(MEDIA_MODES, "ROUTED"));
  const submit = h("button", {type: "submit", id: "create-session"}, "Create session");
  const form = h("form", {class: "inline-form", "aria-label": "Create a session"},
    field("Recording mode", mode), field("Layout", layout), field("Media mode", media), submit);
  form.addEventListener("submit", event => {
    event.preventDefault();
    act("Create session", async () => {
      const created = await call("POST", "api/sessions",
        {archiveMode: mode.value, archiveLayout: layout.value, mediaMode: media.value});
      return "Session " + created.id + " created: add a participant to start it.";
    }, submit);
  });
  return form;
}

function resetControl() {
  const confirm = h("button", {type: "button", class: "danger", id: "reset-confirm"}, "Reset now");
  const details = h("details", {class: "reset", id: "reset"},
    h("summary", {}, "Reset the server…"),
    h("p", {}, "Stops active recordings (their files are finished) and forgets every session, participant and token. Recordings stay."),
    confirm);
  confirm.addEventListener("click", async () => {
    await act("Reset", () => call("POST", "stub/reset"), confirm);
    details.open = false;
  });
  return details;
}

root.append(
  h("header", {class: "top"},
    h("div", {}, h("h1", {}, "OpenVidu stub"), refreshState),
    resetControl()),
  h("main", {},
    refreshProblem,
    messagesRegion,
    note,
    h("section", {"aria-labelledby": "server-title", id: "server"},
      h("h2", {id: "server-title"}, "Server"), serverFacts),
    h("section", {"aria-labelledby": "sessions-title", id: "sessions"},
      h("h2", {id: "sessions-title"}, "Sessions"), createSessionForm(), noSessions, sessionList),
    h("section", {"aria-labelledby": "recordings-title", id: "recordings"},
      h("h2", {id: "recordings-title"}, "Recordings"), recordingsOff, noRecordings, recordingList)));

const styles = h("link", {rel: "stylesheet", href: pageRelative("dashboard/dashboard.css")});
document.head.append(styles);
document.title = "OpenVidu stub: dashboard";

// ---------------------------------------------------------------- server facts

let info = null;

function renderInfo() {
  const rows = [
    ["Version", info.version],
    ["OpenVidu API", info.openviduApi],
    ["Public URL", info.publicUrl],
    ["HTTPS", info.https ? "yes" : "no (plain HTTP)"],
    ["Recording", info.recording ? "on" : "off"],
    ["Recorder runtime", info.recording ? info.runtime : "none"],
    ["Recordings path", info.recording ? info.recordingsPath : "none"],
    ["Free access to recordings", info.freeAccess ? "yes: files are served without credentials" : "no: files need the credentials"],
    ["Recorders at once", String(info.maxConcurrentRecordings)],
  ];
  serverFacts.replaceChildren(...rows.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {"data-fact": name}, value)]));
  recordingsOff.hidden = info.recording;
}

// ---------------------------------------------------------------- sessions

let recordingsById = new Map();

function createSessionCard(session) {
  const shortId = shortIdOf(session.id);
  const titleId = uid("session-title");
  const card = h("article", {class: "card session", "aria-labelledby": titleId, "data-session": session.id});
  // A session of the 2.x API is recorded and joined through that API (its sessions are not the 1.8 API's).
  const v2 = session.api === "2.x";
  const apiBase = v2 ? "openvidu/api/" : "api/";
  const facts = h("dl", {class: "facts compact"});
  const start = h("button", {type: "button", "data-action": "start-recording", "aria-label": "Start recording session " + shortId}, "Start recording");
  const stop = h("button", {type: "button", "data-action": "stop-recording", "aria-label": "Stop recording session " + shortId}, "Stop recording");
  start.addEventListener("click", () => act("Start recording of " + shortId,
    () => call("POST", apiBase + "recordings/start", {session: card.dataset.session}), start));
  stop.addEventListener("click", () => {
    const id = stop.dataset.recording;
    act("Stop recording " + id, () => call("POST", apiBase + "recordings/stop/" + encodeURIComponent(id)), stop);
  });
  const tbody = h("tbody", {});
  const table = h("div", {class: "table-scroll"}, h("table", {},
    h("caption", {}, "Participants of " + shortId),
    h("thead", {}, h("tr", {}, ["ID", "Role", "Publishing", "Metadata", "Actions"].map(c => h("th", {scope: "col"}, c)))),
    tbody));
  const noParticipants = h("p", {class: "empty"}, "No participants.");

  const role = h("select", {name: "role"}, options(ROLES, "PUBLISHER"));
  const metadata = h("input", {name: "metadata", type: "text", autocomplete: "off", placeholder: "e.g. alice"});
  const publish = h("input", {name: "publish", type: "checkbox", checked: true, id: uid("publish")});
  const add = h("button", {type: "submit", "data-action": "add-participant"}, "Add participant");
  const form = h("form", {class: "inline-form", "aria-label": "Add a simulated participant to " + shortId},
    field("Role", role), field("Metadata", metadata),
    h("div", {class: "field checkbox"}, publish, h("label", {for: publish.id}, "Publish at join")), add);
  form.addEventListener("submit", event => {
    event.preventDefault();
    const session = card.dataset.session;
    act("Add participant to " + shortId, async () => {
      // A token from the public API (2.x: a connection, whose token is a URL), then a join with it through the
      // control API: what a client app does.
      const token = v2
        ? await call("POST", "openvidu/api/sessions/" + encodeURIComponent(session) + "/connection", {role: role.value, data: ""})
        : await call("POST", "api/tokens", {session, role: role.value, data: ""});
      const joined = await call("POST", "stub/participants",
        {session, token: token.token, metadata: metadata.value, publish: publish.checked});
      metadata.value = "";
      return "Participant " + joined.id + " joined " + shortId + ".";
    }, add);
  });

  const preview = h("iframe", {
    class: "preview", title: "Live preview of session " + shortId + ": what the recorder draws",
    src: pageRelative("") + "#/" + layoutPage(session.archiveLayout) + "/" + encodeURIComponent(shortId) + "/",
    loading: "lazy", "data-preview": session.id});

  card.append(
    h("h3", {id: titleId}, h("span", {class: "id"}, shortId)),
    h("p", {class: "full-id"}, session.id),
    h("div", {class: "session-body"},
      h("div", {class: "session-main"}, facts, h("div", {class: "buttons"}, start, stop), noParticipants, table, form),
      h("figure", {class: "preview-figure"}, preview, h("figcaption", {}, "Live preview (the layout page the recorder draws)"))));
  card.parts = {facts, start, stop, tbody, table, noParticipants};
  return card;
}

function layoutPage(layout) {
  return "layout-" + String(layout || "BEST_FIT").toLowerCase().replaceAll("_", "-");
}

function recordingStateOf(session) {
  if (!session.recordingId) {
    return "not recording";
  }
  const r = recordingsById.get(session.recordingId);
  return session.recordingId + ": " + (r ? r.status : "starting");
}

function updateSessionCard(card, session) {
  const {facts, start, stop, tbody, table, noParticipants} = card.parts;
  const rows = [
    ["Recording mode", session.archiveMode],
    ["Layout", session.archiveLayout],
    ["Media mode", session.mediaMode],
    ["Live", session.live ? "yes" : "not yet: nobody has joined"],
    ["Recording", recordingStateOf(session)],
  ];
  if (facts.children.length !== rows.length * 2) {
    facts.replaceChildren(...rows.flatMap(([name]) => [h("dt", {}, name), h("dd", {"data-fact": name})]));
  }
  rows.forEach(([, value], i) => setText(facts.children[i * 2 + 1], value));
  if (session.recordingId) {
    // Kept once the recording is over: a click on a view a moment old stops what the person saw.
    stop.dataset.recording = session.recordingId;
  }
  stop.hidden = !session.recordingId;
  start.hidden = !info || !info.recording;
  noParticipants.hidden = session.participants.length > 0;
  table.hidden = session.participants.length === 0;
  syncChildren(tbody, session.participants, p => p.id, createParticipantRow, updateParticipantRow);
}

function createParticipantRow(p) {
  const cells = {id: h("td", {class: "id"}), role: h("td", {}), publishing: h("td", {}), metadata: h("td", {})};
  const publish = h("button", {type: "button", "data-action": "publish", "aria-label": "Publish " + p.id}, "Publish");
  const unpublish = h("button", {type: "button", "data-action": "unpublish", "aria-label": "Unpublish " + p.id}, "Unpublish");
  const leave = h("button", {type: "button", "data-action": "leave", "aria-label": "Make " + p.id + " leave"}, "Leave");
  const path = "stub/participants/" + encodeURIComponent(p.id);
  // Every action stays offered: what the server refuses (publishing twice, a subscriber publishing) is explained.
  publish.addEventListener("click", () => act("Publish " + p.id, () => call("POST", path + "/publish"), publish));
  unpublish.addEventListener("click", () => act("Unpublish " + p.id, () => call("DELETE", path + "/publish"), unpublish));
  leave.addEventListener("click", () => act("Leave " + p.id, () => call("DELETE", path), leave));
  const row = h("tr", {"data-participant": p.id}, cells.id, cells.role, cells.publishing, cells.metadata,
    h("td", {class: "actions"}, publish, unpublish, leave));
  row.cells_ = cells;
  return row;
}

function updateParticipantRow(row, p) {
  setText(row.cells_.id, p.id);
  setText(row.cells_.role, p.role);
  setText(row.cells_.publishing, p.publishing ? "yes" : "no");
  setText(row.cells_.metadata, p.metadata || "");
}

// ---------------------------------------------------------------- recordings

function createRecordingCard(r) {
  const titleId = uid("recording-title");
  const card = h("article", {class: "card recording", "aria-labelledby": titleId, "data-recording": r.id});
  const facts = h("dl", {class: "facts compact"});
  // A 2.x recording (it has an outputMode) lives in a folder of its own, named as its url says.
  const v2 = r.outputMode !== undefined;
  const fileName = v2 ? r.name + "." + (r.outputMode === "INDIVIDUAL" ? "zip" : r.hasVideo ? "mp4" : "webm") : r.id + ".mp4";
  const file = v2 ? "openvidu/recordings/" + encodeURIComponent(r.id) + "/" + encodeURIComponent(fileName)
    : "recordings/" + encodeURIComponent(r.id) + ".mp4";
  const player = h("div", {class: "player"});
  const failure = h("p", {class: "problem failure", hidden: true});
  const download = h("a", {href: pageRelative(file), download: fileName, class: "button-link", hidden: true}, "Download " + fileName);
  const remove = h("button", {type: "button", class: "danger", "data-action": "delete", "aria-label": "Delete recording " + r.id}, "Delete");
  remove.addEventListener("click", () => act("Delete recording " + r.id,
    () => call("DELETE", (v2 ? "openvidu/api/recordings/" : "api/recordings/") + encodeURIComponent(r.id)), remove));
  card.append(h("h3", {id: titleId}, h("span", {class: "id"}, r.id)), facts, failure, player,
    h("div", {class: "buttons"}, download, remove));
  card.parts = {facts, player, failure, download, file, playable: !fileName.endsWith(".zip")};
  return card;
}

function updateRecordingCard(card, r) {
  const {facts, player, failure, download, file, playable} = card.parts;
  const rows = [
    ["Session", r.sessionId],
    ["Status", r.status],
    ["Duration", formatDuration(r.duration)],
    ["Size", formatBytes(r.size)],
    ["Created", formatTime(r.createdAt)],
  ];
  if (facts.children.length !== rows.length * 2) {
    facts.replaceChildren(...rows.flatMap(([name]) => [h("dt", {}, name), h("dd", {"data-fact": name})]));
  }
  rows.forEach(([, value], i) => setText(facts.children[i * 2 + 1], value));
  card.dataset.status = r.status;
  const finished = r.status === "stopped" || r.status === "available" || r.status === "ready";
  download.hidden = !finished;
  if (finished && playable && !player.firstChild) {
    // Created once: a refresh never interrupts playback. The server answers Range requests, so it seeks.
    const video = h("video", {controls: true, preload: "metadata", src: pageRelative(file), "data-recording": r.id,
      "aria-label": "Recording " + r.id});
    // A file the browser cannot load or decode is said too, not left as a blank player.
    video.addEventListener("error", () => showError("Loading recording " + r.id + " in the player",
      new Error(mediaProblem(video.error))));
    player.append(video);
  }
  failure.hidden = r.status !== "failed";
  if (r.status === "failed") {
    setText(failure, "Failed: " + (r.failureReason || "the reason was not kept (it failed before this server started; see that server's log)"));
  }
}

function mediaProblem(error) {
  const kinds = {1: "loading was aborted", 2: "a network error interrupted the download", 3: "the video could not be decoded",
    4: "the file is not a video this browser plays, or could not be fetched"};
  if (!error) return "unknown media error";
  return (kinds[error.code] || "media error " + error.code) + (error.message ? " (" + error.message + ")" : "");
}

// ---------------------------------------------------------------- refresh

let refreshTimer = null;
let refreshing = false;
let refreshAgain = false;

async function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    if (!info) {
      info = await call("GET", "stub/info");
      renderInfo();
    }
    const [sessions, recordings] = await Promise.all([
      call("GET", "stub/sessions"),
      info.recording ? call("GET", "stub/recordings") : Promise.resolve({items: []}),
    ]);
    recordingsById = new Map(recordings.items.map(r => [r.id, r]));
    recordingsOff.hidden = info.recording;
    noRecordings.hidden = !info.recording || recordings.items.length > 0;
    const newestFirst = [...recordings.items].reverse();
    syncChildren(recordingList, newestFirst, r => r.id, createRecordingCard, updateRecordingCard);
    noSessions.hidden = sessions.items.length > 0;
    syncChildren(sessionList, sessions.items, s => s.id, createSessionCard, updateSessionCard);
    refreshProblem.hidden = true;
    setText(refreshProblem, "");
    setText(refreshState, "Live: refreshed every second, last at " + new Date().toLocaleTimeString() + ".");
    document.body.dataset.refreshed = String(Date.now());
  } catch (e) {
    setText(refreshProblem, "The view could not be refreshed: " + (e instanceof ApiError ? e.describe() : e) + ". Retrying every second.");
    refreshProblem.hidden = false;
    setText(refreshState, "Not refreshed: see the problem below.");
  } finally {
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      refreshSoon();
    }
  }
}

function refreshSoon() {
  clearTimeout(refreshTimer);
  refresh().finally(schedule);
}

function schedule() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    if (document.hidden) {
      schedule();
    } else {
      refreshSoon();
    }
  }, REFRESH_MILLIS);
}

document.addEventListener("visibilitychange", () => {
  if (!document.hidden) refreshSoon();
});

refreshSoon();
