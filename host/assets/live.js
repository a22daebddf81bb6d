// livehost's live.js: oTree's liveSend/liveRecv for a participant's page.
//
// - liveSend(data) may be called at any time, even before the page has
//   loaded: messages are queued until the socket is open, and sent in order.
// - Every message carries an id (this page view's random id + a number);
//   after a reconnect the unanswered ones are sent again, and the host
//   applies each at most once.
// - The socket reconnects after a drop, waiting 0.25 s, 0.5 s, 1 s, ... up
//   to 10 s between tries.
// - liveRecv(payload) is called for each reply; errors go to
//   liveError(text) if the page defines it, else to console.error.
// - When the host says the participant's page changed (the group left a
//   wait page, another tab pressed next), the page reloads.
(function () {
  'use strict';
  var script = document.currentScript;
  var code = script.dataset.code;
  var page = script.dataset.page;
  var view = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var next = 1;
  var unanswered = []; // [{id, text}] in order
  var received = []; // replies that came before the page's scripts ran
  var ready = document.readyState !== 'loading';
  var socket = null;
  var delay = 250;
  var stopped = false;

  function report(text) {
    if (typeof window.liveError === 'function') {
      window.liveError(text);
    } else {
      console.error('livehost: ' + text);
    }
  }

  function deliver(message) {
    if ('recv' in message) {
      if (typeof window.liveRecv === 'function') {
        window.liveRecv(message.recv);
      }
    } else if ('error' in message) {
      report(message.error);
    }
  }

  function onMessage(event) {
    var message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (message.moved) {
      stopped = true;
      window.location.replace(window.location.pathname);
      return;
    }
    var id = 'ack' in message ? message.ack : message.id;
    if (id !== undefined) {
      unanswered = unanswered.filter(function (m) { return m.id !== id; });
    }
    if ('ack' in message) {
      return;
    }
    if (ready) {
      deliver(message);
    } else {
      received.push(message);
    }
  }

  function connect() {
    var scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
    var url = scheme + window.location.host + '/live/' + encodeURIComponent(code) +
      '?page=' + encodeURIComponent(page) + '&view=' + view;
    socket = new WebSocket(url);
    socket.onopen = function () {
      delay = 250;
      unanswered.forEach(function (m) { socket.send(m.text); });
    };
    socket.onmessage = onMessage;
    socket.onclose = function (event) {
      socket = null;
      if (stopped) {
        return;
      }
      if (event.code === 4404 || event.code === 4410) {
        stopped = true; // unknown participant or finished: nothing to retry
        return;
      }
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    };
  }

  window.liveSend = function (data) {
    var id = next++;
    var text = JSON.stringify({ id: id, data: data === undefined ? null : data });
    unanswered.push({ id: id, text: text });
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(text);
    }
  };

  document.addEventListener('DOMContentLoaded', function () {
    ready = true;
    received.splice(0).forEach(deliver);
  });
  window.addEventListener('pagehide', function () {
    stopped = true;
    if (socket) {
      socket.close();
    }
  });
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) { // back from the browser's page cache
      stopped = false;
      connect();
    }
  });
  connect();
})();
