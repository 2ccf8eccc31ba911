// klantpuls survey widget: one <script src=".../widget.js" data-site="KEY" async></script> on
// a company's own site shows its NPS or CES question in a small panel. Everything lives in a
// shadow root, so the host page's styles and ours do not meet; no cookies, no other scripts.
(function () {
  'use strict';
  const me = document.currentScript;
  if (!me || !me.dataset.site) return;
  const base = new URL(me.src).origin;
  const key = encodeURIComponent(me.dataset.site);
  // The language tag as the page gives it ("EN-GB"): the server reads it by the rule of an
  // invitation's (survey.Lang) and answers in the language it chose (cfg.lang).
  const lang = me.dataset.lang || document.documentElement.lang || navigator.language || 'nl';

  // The focus ring is the dashboard's --focus (app.css): 4.6:1 on the panel's white.
  const css = `
    :host { all: initial; }
    .kp { position: fixed; right: 16px; bottom: 16px; max-width: 340px; background: #fff; color: #1b1f24;
      font: 15px/1.4 system-ui, sans-serif; border: 1px solid #c9d1d9; border-radius: 8px;
      box-shadow: 0 4px 16px rgba(0,0,0,.15); padding: 12px 14px; z-index: 2147483647; }
    .q { font-weight: 700; margin: 0 0 8px; }
    .scale { display: grid; grid-template-columns: repeat(auto-fit, minmax(26px, 1fr)); gap: 4px; }
    button { font: inherit; font-weight: 700; border: 2px solid #0b5cad; background: #fff; color: #0b5cad;
      border-radius: 4px; min-height: 32px; padding: 0; text-align: center; cursor: pointer; }
    button:hover, button[aria-pressed="true"] { background: #0b5cad; color: #fff; }
    button:focus-visible, textarea:focus-visible { outline: 3px solid #c05600; outline-offset: 2px; }
    .ends { display: flex; justify-content: space-between; font-size: 12px; color: #4a525c; margin-top: 4px; }
    textarea { width: 100%; box-sizing: border-box; font: inherit; margin: 6px 0; }
    .close { position: absolute; top: 4px; right: 6px; border: 0; min-height: 0; font-size: 18px; }
    .thanks { color: #1a7f37; font-weight: 700; margin: 0; }`;

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text; // text, never HTML
    return e;
  }

  async function post(body) {
    const res = await fetch(`${base}/w/${key}/answer`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit',
    });
    if (!res.ok) throw new Error(`klantpuls widget: ${res.status}`);
    return res.json();
  }

  async function start() {
    const res = await fetch(`${base}/w/${key}?lang=${encodeURIComponent(lang)}`, { credentials: 'omit' });
    if (!res.ok) return; // the site or origin is not allowed: show nothing
    const cfg = await res.json();
    const host = el('div', { 'data-klantpuls': '' });
    document.body.appendChild(host);
    const root = host.attachShadow({ mode: 'open' });
    const style = el('style', {}, css);
    root.appendChild(style);
    // lang: the panel's words are in the language the server chose, not the host page's (WCAG 3.1.2).
    const panel = el('section', { class: 'kp', role: 'dialog', 'aria-label': cfg.question, lang: cfg.lang });
    root.appendChild(panel);
    const close = el('button', { class: 'close', type: 'button', 'aria-label': cfg.close }, '×');
    close.addEventListener('click', () => host.remove());
    panel.append(close, el('p', { class: 'q' }, cfg.question));
    const scale = el('div', { class: 'scale', role: 'group', 'aria-label': cfg.question });
    // The lowest and highest buttons are described by their end's words, so a screen reader
    // says "0, zeer onwaarschijnlijk", not "0" alone (ids are the shadow root's own).
    for (let score = cfg.min; score <= cfg.max; score++) {
      const b = el('button', { type: 'button', 'data-score': String(score) }, String(score));
      if (score === cfg.min) b.setAttribute('aria-describedby', 'kp-low');
      if (score === cfg.max) b.setAttribute('aria-describedby', 'kp-high');
      b.addEventListener('click', () => answer(score));
      scale.appendChild(b);
    }
    const ends = el('div', { class: 'ends' });
    ends.append(el('span', { id: 'kp-low' }, cfg.low), el('span', { id: 'kp-high' }, cfg.high));
    panel.append(scale, ends);

    async function answer(score) {
      const out = await post({ token: cfg.token, score });
      scale.querySelectorAll('button').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.score === String(score))));
      const question = out.follow_up; // the server judges the score's side, as the hosted page does
      let form = panel.querySelector('form');
      if (form) form.remove();
      form = el('form');
      const id = 'kp-comment';
      form.append(el('label', { for: id }, question), el('textarea', { id, rows: '3', maxlength: '4000' }), el('button', { type: 'submit' }, cfg.send));
      form.addEventListener('submit', async e => {
        e.preventDefault();
        await post({ token: cfg.token, response: out.response, comment: form.querySelector('textarea').value });
        // The Send button that had the focus goes with the form: the focus moves to the thanks,
        // not to the top of the shop's page (WCAG 2.4.3).
        const thanks = el('p', { class: 'thanks', role: 'status', tabindex: '-1' }, cfg.thanks);
        panel.replaceChildren(close, thanks);
        thanks.focus();
      });
      panel.appendChild(form);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
