// The researcher console's script: local times, the upload with its
// progress, and the session monitor (participants and the message log,
// kept up to date over a websocket). No build step, no dependencies.
(function () {
  "use strict";
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.content : "";

  function pad(n, w) { n = String(n); while (n.length < (w || 2)) n = "0" + n; return n; }
  function localTime(ms) {
    var d = new Date(ms);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " +
      pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }
  function clock(ms) {
    var d = new Date(ms);
    return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + "." + pad(d.getMilliseconds(), 3);
  }
  function ago(ms) {
    var s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    if (s < 60) return s + " s ago";
    if (s < 3600) return Math.floor(s / 60) + " min ago";
    return Math.floor(s / 3600) + " h ago";
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function showTimes(root) {
    root.querySelectorAll("time[data-ms]").forEach(function (t) {
      var ms = Number(t.getAttribute("data-ms"));
      if (ms > 0) { t.textContent = localTime(ms); t.title = new Date(ms).toISOString(); }
    });
  }
  showTimes(document);

  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (ev) {
      if (!window.confirm(f.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });

  // ----- upload ---------------------------------------------------------
  var drop = document.getElementById("drop");
  if (drop) {
    var input = document.getElementById("file");
    var bar = document.getElementById("progress");
    var status = document.getElementById("upload-status");
    var maxBytes = Number(drop.getAttribute("data-max-bytes")) || 0;
    // The outcome of the upload before the page reloaded to list it.
    var shown = null;
    try {
      shown = JSON.parse(window.sessionStorage.getItem("livehost-upload") || "null");
      window.sessionStorage.removeItem("livehost-upload");
    } catch (e) { shown = null; }  // storage blocked: nothing to show
    if (shown) {
      bar.hidden = false; bar.value = shown.progress;
      status.className = "ok"; status.textContent = shown.text;
    }
    var upload = function (file) {
      if (!file) return;
      if (maxBytes && file.size > maxBytes) {
        status.className = "error";
        status.textContent = "Not uploaded: " + file.name + " is " + Math.ceil(file.size / 1048576) +
          " MiB, more than the host takes (" + Math.floor(maxBytes / 1048576) + " MiB).";
        return;
      }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/admin/experiments");
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.setRequestHeader("Content-Type", "application/wasm");
      bar.hidden = false; bar.value = 0;
      status.className = ""; status.textContent = "Uploading " + file.name + "…";
      xhr.upload.onprogress = function (ev) {
        if (ev.lengthComputable) bar.value = Math.round(100 * ev.loaded / ev.total);
      };
      xhr.onload = function () {
        var answer = {};
        try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = { error: xhr.responseText }; }
        if (xhr.status === 200 || xhr.status === 201) {
          bar.value = 100;
          status.className = "ok";
          status.textContent = (answer.new ? "Uploaded " : "Already uploaded: ") + answer.name +
            " (" + answer.sha.slice(0, 12) + ", pages " + answer.pages.join(", ") + ").";
          try {
            window.sessionStorage.setItem("livehost-upload",
              JSON.stringify({ text: status.textContent, progress: bar.value }));
          } catch (e) { /* storage blocked: the list still shows it */ }
          window.location.reload();
        } else {
          status.className = "error";
          status.textContent = "Not uploaded: " + (answer.error || ("the host answered " + xhr.status));
        }
      };
      xhr.onerror = function () {
        status.className = "error";
        status.textContent = "The upload did not reach the host: check the connection and try again.";
      };
      xhr.send(file);
    };
    input.addEventListener("change", function () { upload(input.files[0]); input.value = ""; });
    ["dragenter", "dragover"].forEach(function (t) {
      drop.addEventListener(t, function (ev) { ev.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      drop.addEventListener(t, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (ev) {
      ev.preventDefault();
      if (ev.dataTransfer && ev.dataTransfer.files.length) upload(ev.dataTransfer.files[0]);
    });
  }

  // ----- session monitor ------------------------------------------------
  var monitor = document.getElementById("monitor");
  if (!monitor) return;
  var session = monitor.getAttribute("data-session");
  var closed = monitor.getAttribute("data-closed") === "1";
  var state = document.getElementById("monitor-status");
  var rows = document.querySelector("#participants tbody");
  var log = document.querySelector("#log tbody");
  var logEmpty = document.getElementById("log-empty");
  var groupSelect = document.getElementById("log-group");
  var lastActive = {};
  var lastMessage = {};
  var MAX_LOG_ROWS = 1000;

  var wanted = new URLSearchParams(window.location.search).get("group");
  if (Array.prototype.some.call(groupSelect.options, function (o) { return o.value === wanted; })) groupSelect.value = wanted;

  function advanceForm(p) {
    var f = el("form");
    f.method = "post";
    f.action = "/admin/sessions/" + session + "/participants/" + p.code + "/advance";
    f.setAttribute("data-confirm", "Move participant " + p.participant_id + " past page " + p.page + "?");
    var c = el("input"); c.type = "hidden"; c.name = "csrf"; c.value = csrf; f.appendChild(c);
    var g = el("input"); g.type = "hidden"; g.name = "group"; g.value = groupSelect.value; f.appendChild(g);
    var b = el("button", "Advance", "small"); b.type = "submit"; f.appendChild(b);
    f.addEventListener("submit", function (ev) {
      g.value = groupSelect.value;
      if (!window.confirm(f.getAttribute("data-confirm"))) ev.preventDefault();
    });
    return f;
  }

  function showSession(s) {
    closed = !!s.closed_ms;
    var status = document.getElementById("status");
    if (status && closed) { status.textContent = "closed"; status.className = "badge closed"; }
    s.participants.forEach(function (p) {
      var tr = rows.querySelector('tr[data-participant="' + p.participant_id + '"]');
      if (!tr) return;
      tr.querySelector(".page").textContent = p.finished ? "finished" : (p.page || "");
      tr.querySelector(".round").textContent = p.round;
      var c = tr.querySelector(".connected");
      c.textContent = p.connected ? (p.connected === 1 ? "yes" : "yes (" + p.connected + " tabs)") : "no";
      c.className = "connected " + (p.connected ? "on" : "off");
      tr.setAttribute("data-connected", p.connected);
      tr.setAttribute("data-page", p.finished ? "" : (p.page || ""));
      lastActive[p.participant_id] = p.last_activity_ms || 0;
      lastMessage[p.participant_id] = p.last_message_ms || 0;
      var actions = tr.querySelector(".actions");
      var key = (p.finished || closed) ? "none" : (p.page + "/" + p.round);
      if (actions.getAttribute("data-for") !== key) {
        actions.setAttribute("data-for", key);
        actions.textContent = "";
        if (key !== "none") actions.appendChild(advanceForm(p));
      }
    });
    refreshAgo();
  }

  function refreshAgo() {
    rows.querySelectorAll("tr[data-participant]").forEach(function (tr) {
      var id = tr.getAttribute("data-participant");
      var ms = lastActive[id];
      tr.querySelector(".last").textContent = ms ? ago(ms) : "—";
      var sent = lastMessage[id];
      var cell = tr.querySelector(".message");
      cell.textContent = sent ? clock(sent) : "—";
      cell.title = sent ? ago(sent) : "no live message since the host started";
    });
  }
  setInterval(refreshAgo, 1000);

  function compact(v) {
    var text = typeof v === "string" ? v : JSON.stringify(v);
    return text.length > 400 ? text.slice(0, 400) + "…" : text;
  }

  function addEntry(m) {
    logEmpty.hidden = true;
    if (m.missed) {
      var gap = el("tr", null, "missed");
      var td = el("td", "Some messages are not shown here: the monitor fell behind (the export has them all).");
      td.colSpan = 8; gap.appendChild(td);
      log.insertBefore(gap, log.firstChild);
      return;
    }
    var tr = el("tr");
    tr.setAttribute("data-seq", m.seq);
    tr.setAttribute("data-kind", m.kind);
    tr.setAttribute("data-from", m.participant_id);
    tr.appendChild(el("td", clock(m.time_ms), "time"));
    var from = "P" + m.participant_id;
    if (m.kind === "admin") from = m.participant_id ? "experimenter, for P" + m.participant_id : "experimenter";
    tr.appendChild(el("td", from));
    tr.appendChild(el("td", m.group_id || "—"));
    tr.appendChild(el("td", m.page ? m.page + (m.round ? " (round " + m.round + ")" : "") : "—"));
    tr.appendChild(el("td", m.kind + (m.segment ? " #" + m.segment : ""), "kind " + m.kind));
    var data = el("td", compact(m.data), "data");
    tr.appendChild(data);
    var replies = el("td", null, "replies");
    (m.replies || []).forEach(function (r) {
      var line = el("div", "→ " + r.to.map(function (p) { return "P" + p; }).join(", ") + ": " + compact(r.payload));
      replies.appendChild(line);
    });
    tr.appendChild(replies);
    tr.appendChild(el("td", m.error || "", m.error ? "error-text" : ""));
    if (m.error) tr.className = "failed";
    log.insertBefore(tr, log.firstChild);
    while (log.children.length > MAX_LOG_ROWS) log.removeChild(log.lastChild);
  }

  // Entries are drawn at most every 50 ms, and only the newest
  // MAX_LOG_ROWS of a burst: a busy session does not stall the page.
  var pending = [];
  var drawing = false;
  function queue(entries) {
    Array.prototype.push.apply(pending, entries);
    if (pending.length > MAX_LOG_ROWS) pending = pending.slice(pending.length - MAX_LOG_ROWS);
    if (!drawing) {
      drawing = true;
      window.setTimeout(function () {
        drawing = false;
        var batch = pending;
        pending = [];
        batch.forEach(addEntry);
      }, 50);
    }
  }

  var ws = null;
  var retry = 500;
  function connect() {
    var group = groupSelect.value;
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
      "/admin/sessions/" + session + "/live?group=" + encodeURIComponent(group);
    var socket = new WebSocket(url);
    ws = socket;
    log.textContent = "";
    pending = [];
    logEmpty.hidden = false;
    socket.onopen = function () { state.textContent = "live"; state.className = "live-status on"; };
    socket.onmessage = function (ev) {
      var f = JSON.parse(ev.data);
      if (f.session) { retry = 500; failures = 0; showSession(f.session); }
      if (f.messages) queue(f.messages);
      // The gap goes where it happened: after what was queued before it.
      if (f.missed) queue([{ missed: true }]);
    };
    socket.onclose = function (ev) {
      if (ws !== socket) return;
      state.className = "live-status off";
      if (ev.code === 4401) { loggedOut(); return; }
      // The host's reason (e.g. the data file could not be read) stays shown.
      state.textContent = (ev.code === 1011 && ev.reason ? ev.reason + "; " : "") + "reconnecting…";
      failures += 1;
      // A login that ended (the host restarted, say) refuses the socket:
      // from the third failure on, ask whether the pages still let us in.
      if (failures >= 3) {
        fetch(window.location.pathname, { redirect: "manual" }).then(function (r) {
          if (r.type === "opaqueredirect" || r.status === 401) loggedOut();
        }, function () {});
      }
      setTimeout(function () { if (ws === socket) connect(); }, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }
  var failures = 0;
  function loggedOut() {
    ws = null;
    state.textContent = "";
    var a = el("a", "your login has ended: log in again");
    a.href = "/admin/login";
    state.appendChild(a);
  }
  groupSelect.addEventListener("change", function () {
    var q = new URLSearchParams(window.location.search);
    q.delete("note"); q.delete("error");
    if (groupSelect.value === "all") q.delete("group"); else q.set("group", groupSelect.value);
    var s = q.toString();
    history.replaceState(null, "", window.location.pathname + (s ? "?" + s : ""));
    var old = ws; ws = null;
    if (old) old.close();
    connect();
  });
  connect();
})();

// The admin report: another app starts at its last round, as on oTree.
(function () {
  var app = document.getElementById("report-app");
  var round = document.getElementById("report-round");
  if (!app || !round) return;
  app.addEventListener("change", function () { round.value = ""; });
})();
