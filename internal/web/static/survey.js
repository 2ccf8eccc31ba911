// klantpuls survey pages. A GET of a survey link records nothing, because the link scanners of
// mail services and virus filters fetch every link of a message; what a person does is sent
// from here, once the page is seen (a prerendered page or a tab in the background waits):
//   - the one-click page (an e-mail's score link) opens with that score chosen; its form is
//     sent at once, so in a browser one click answers;
//   - the hosted page tells the server it was opened, for the open rate.
(function () {
  'use strict';
  const me = document.currentScript;
  const form = document.querySelector('form[data-send-at-once]');
  const opened = me && me.dataset.opened;
  let done = false;
  function act() {
    if (done || document.visibilityState !== 'visible') return;
    done = true;
    if (form) {
      const button = form.querySelector('button[type=submit]');
      if (button) button.disabled = true; // no second answer from a double click
      form.submit();
    }
    if (opened) fetch(opened, { method: 'POST', credentials: 'same-origin', keepalive: true }).catch(() => {});
  }
  document.addEventListener('visibilitychange', act);
  act();
})();
