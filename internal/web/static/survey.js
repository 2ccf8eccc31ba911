// klantpuls one-click answer page: an e-mail's score link opens a page with that score chosen;
// this sends its form at once, so in a browser one click answers. The page does nothing on
// its own (a GET records nothing), so a mail scanner fetching the link answers nothing; a
// page opened in the background (prerendered, a tab not shown) waits until it is seen.
(function () {
  'use strict';
  const form = document.querySelector('form[data-send-at-once]');
  if (!form) return;
  let sent = false;
  function send() {
    if (sent || document.visibilityState !== 'visible') return;
    sent = true;
    const button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true; // no second answer from a double click
    form.submit();
  }
  document.addEventListener('visibilitychange', send);
  send();
})();
