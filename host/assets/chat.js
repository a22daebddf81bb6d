// livehost's chat.js: oTree's chat box ({{ chat }}). Each box on the page
// (div.otree-chat) opens a websocket to /chat/{code} for its channel, with
// the token the host rendered into the page; lines arrive as JSON lists
// (the history first), and are shown as text, never as HTML. Enter or the
// Send button sends the input's text. The socket reconnects after a drop
// (0.25 s, 0.5 s, ... up to 10 s), and the box is refilled from the
// history then.
(function () {
  'use strict';

  function start(box) {
    var data = box.dataset;
    var messages = box.querySelector('.otree-chat__messages');
    var input = box.querySelector('.otree-chat__input');
    var button = box.querySelector('.otree-chat__btn-send');
    var me = parseInt(data.participant, 10);
    var socket = null;
    var delay = 250;
    var stopped = false;

    function show(line) {
      var row = document.createElement('div');
      row.className = 'otree-chat__msg';
      var nick = document.createElement('span');
      nick.className = 'otree-chat__nickname';
      nick.textContent = line.participant_id === me ? data.me : line.nickname;
      var body = document.createElement('span');
      body.className = 'otree-chat__body';
      body.textContent = line.body;
      row.appendChild(nick);
      row.appendChild(body);
      messages.appendChild(row);
    }

    function connect() {
      var scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
      var url = scheme + window.location.host + '/chat/' + encodeURIComponent(data.code) +
        '?channel=' + encodeURIComponent(data.channel) +
        '&nickname=' + encodeURIComponent(data.nickname) +
        '&token=' + encodeURIComponent(data.token);
      socket = new WebSocket(url);
      socket.onopen = function () {
        delay = 250;
        messages.textContent = '';
      };
      socket.onmessage = function (event) {
        var lines;
        try {
          lines = JSON.parse(event.data);
        } catch (e) {
          return;
        }
        if (!Array.isArray(lines)) {
          if (lines && lines.error) {
            console.error('livehost chat: ' + lines.error);
          }
          return;
        }
        lines.forEach(show);
        messages.scrollTop = messages.scrollHeight;
        box.dataset.history = '1';
      };
      socket.onclose = function (event) {
        socket = null;
        if (stopped || event.code === 4403 || event.code === 4404) {
          stopped = true;
          return;
        }
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 10000);
      };
    }

    function send() {
      var body = input.value;
      if (!body.trim() || !socket || socket.readyState !== WebSocket.OPEN) {
        return;
      }
      socket.send(JSON.stringify({ body: body }));
      input.value = '';
    }

    button.addEventListener('click', send);
    // Enter sends the line, and never submits the page's form.
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        e.preventDefault();
        send();
      }
    });
    window.addEventListener('pagehide', function () {
      stopped = true;
      if (socket) {
        socket.close();
      }
    });
    connect();
  }

  function startAll() {
    document.querySelectorAll('div.otree-chat[data-token]').forEach(function (box) {
      if (!box.dataset.started) {
        box.dataset.started = '1';
        start(box);
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', startAll);
  } else {
    startAll();
  }
})();
