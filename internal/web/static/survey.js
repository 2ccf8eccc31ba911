// klantpuls survey pages. Neither a GET of a survey link nor loading its page records anything:
// the link scanners of mail services and virus filters fetch every link of a message, and some
// render the page in a headless browser, which counts as visible and runs scripts. Only what a
// person does counts: the one-click page (an e-mail's score link) opens with that score chosen
// and one click on its button sends it, without this script; on the hosted page this script
// tells the server it was opened at the visitor's first touch, click or key press.
(function () {
  'use strict';
  const me = document.currentScript;
  const opened = me && me.dataset.opened;
  if (!opened) return;
  let told = false;
  function tell(e) {
    if (told || !e.isTrusted) return; // an event a script made up is no person
    told = true;
    fetch(opened, { method: 'POST', credentials: 'same-origin', keepalive: true }).catch(() => {});
  }
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, tell, { capture: true });
})();
