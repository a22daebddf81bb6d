// livehost's timer.js: a timed page's countdown (oTree's timeout_seconds).
//
// The host renders `#otree-timer` with the seconds left until the page's
// deadline (the host's clock, so a wrong clock in the browser does not
// matter). This shows them as m:ss, and at zero submits `form#form` with
// `_timeout=1`: the host then times the page out (oTree's
// before_next_page with timeout_happened) with what the form holds. The
// host keeps the deadline itself and times the page out with the browser
// closed too; a reload shows the time left, not the full time again.
(function () {
  'use strict';
  var timer = document.getElementById('otree-timer');
  if (!timer) {
    return;
  }
  var left = parseFloat(timer.dataset.secondsLeft);
  var shown = timer.querySelector('.otree-timer__time-left');
  var start = performance.now();
  var submitted = false;

  function format(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    s = s % 60;
    return m + ':' + (s < 10 ? '0' : '') + s;
  }

  function tick() {
    var remaining = left - (performance.now() - start) / 1000;
    if (shown) {
      shown.textContent = format(remaining);
    }
    if (remaining <= 0 && !submitted) {
      submitted = true;
      var form = document.getElementById('form');
      if (form) {
        var flag = document.createElement('input');
        flag.type = 'hidden';
        flag.name = '_timeout';
        flag.value = '1';
        form.appendChild(flag);
        // Inputs the browser would refuse (required, min) must not keep a
        // timed-out page from being submitted.
        form.noValidate = true;
        form.submit();
      }
      return;
    }
    setTimeout(tick, Math.min(1000, Math.max(50, remaining * 1000)));
  }
  tick();
})();
