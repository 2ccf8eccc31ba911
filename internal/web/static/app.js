// klantpuls: progressive enhancement of the server-rendered pages. Every page works without this
// file; with it, charts are drawn, tables sort, the period form hides what does not apply and a
// live dashboard refreshes itself. Plain ES2020 with no build step. The CSP allows no inline
// script or style, so nothing here uses eval, inline handlers or style attributes in markup.
(() => {
  'use strict';

  const lang = document.documentElement.lang === 'nl' ? 'nl' : 'en';
  const locale = lang === 'nl' ? 'nl-NL' : 'en-GB'; // en-GB: a 24-hour clock, as in Dutch
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const words = {
    nl: { updated: 'bijgewerkt', noData: 'geen gegevens', partial: 'onvolledig', scroll: 'schuif opzij voor meer →' },
    en: { updated: 'updated', noData: 'no data', partial: 'partial', scroll: 'scroll sideways for more →' },
  }[lang];

  // within lists the elements matching selector in root, root itself included: htmx hands
  // over the swapped element, which may be the very element to enhance.
  const within = (root, selector) =>
    (root.matches && root.matches(selector) ? [root] : []).concat([...root.querySelectorAll(selector)]);

  // ---- Charts -------------------------------------------------------------------------------

  // charts holds every drawn chart, so a chart whose element a live refresh removed can be
  // disposed (an instance keeps listeners and memory).
  const charts = new Set();

  // Each chart follows its own box: that changes with the window, and also when the layout
  // around it does (the style sheet arriving late, a print view). One observer serves all.
  const resizer = new ResizeObserver((entries) => {
    for (const entry of entries) window.echarts.getInstanceByDom(entry.target)?.resize();
  });

  // unitFormat writes a value in the page's language with its unit. A missing value (null,
  // which ECharts may pass on as '-' or NaN) is "no data", never 0. A negative one has the
  // typographic minus (U+2212) the page's figures have (report.Minus), where Intl writes a
  // hyphen-minus in Dutch and English.
  const unitFormat = (unit) => (v) => {
    if (v == null || v === '-' || Number.isNaN(v)) return words.noData;
    const n = numbers.format(v).replace('-', '\u2212');
    return !unit ? n : unit === '%' ? n + '%' : n + ' ' + unit;
  };

  // labels turns ISO dates (2026-01-05) and months (2026-01) into "5 jan" and "jan 2026"; the
  // year stays on days when the axis spans more than one year, so no two labels are equal.
  function labels(x) {
    const manyYears = new Set(x.map((s) => String(s).slice(0, 4))).size > 1;
    const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: manyYears ? 'numeric' : undefined, timeZone: 'UTC' });
    const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
    return x.map((s) => {
      const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
      if (!m) return String(s);
      const date = new Date(Date.UTC(+m[1], +m[2] - 1, m[3] ? +m[3] : 1));
      return (m[3] ? day : month).format(date);
    });
  }

  // The series' colours, given to a line and its dashed twin alike and to bars: each at 4.5:1
  // or more against the charts' white (WCAG 1.4.11 asks 3:1 of a line or bar one must see;
  // ECharts' own palette has 1.6:1 yellow and 1.9:1 green), the first ones apart for colour-
  // blind eyes too (blue, orange, purple), and app.css's accent first.
  const palette = ['#0b5cad', '#c05600', '#8250df', '#1a7f37', '#a4161a', '#0f766e', '#bf3989', '#9a6700', '#6e7781'];

  // cartesian is the option of a line, bar or stacked-bar chart. A partial bucket (data.partial:
  // still running, or cut by the period's edge) is drawn lighter (a bar) or reached by a dashed
  // line, and the tooltip says so, so it does not read as a dip. Bars start at 0 (their length
  // is the figure); a line gets an axis around its own values, so a rate moving between 96 and
  // 98% is not flat.
  function cartesian(kind, data, fmt) {
    const many = data.series.length > 1;
    const x = labels(data.x);
    const partial = data.partial || [];
    const part = (i) => Boolean(partial[i]);
    const series = [];
    const owners = []; // the data series each drawn series shows (a line's dashed twin too)
    for (const [k, s] of data.series.entries()) {
      const color = palette[k % palette.length];
      const base = {
        name: s.name,
        type: kind === 'line' ? 'line' : 'bar',
        stack: kind === 'stacked' ? 'total' : undefined,
        connectNulls: false, // a day without data is a gap in the line, not a dip to 0
      };
      if (kind !== 'line') {
        series.push({ ...base, data: s.data.map((v, i) => (part(i) ? { value: v, itemStyle: { opacity: 0.4 } } : v)) });
        owners.push(k);
        continue;
      }
      // A line: solid between whole buckets, dashed to and from a partial one (a second series
      // of the same name, so the legend shows one line).
      series.push({ ...base, itemStyle: { color }, lineStyle: { color }, data: s.data.map((v, i) => (part(i) ? null : v)) });
      owners.push(k);
      if (partial.some(Boolean)) {
        series.push({ ...base, itemStyle: { color }, lineStyle: { color, type: 'dashed' }, symbol: 'emptyCircle',
          data: s.data.map((v, i) => (part(i) || part(i - 1) || part(i + 1) ? v : null)) });
        owners.push(k);
      }
    }
    owner.set(data, owners);
    return {
      tooltip: {
        trigger: 'axis',
        // Built as elements, not HTML: ECharts' own marker is a span with a style attribute,
        // which the Content-Security-Policy refuses (style-src 'self'); a style set through
        // the DOM is allowed. Text goes in as text, so labels from the data need no escaping.
        formatter: (items) => {
          const i = items.length ? items[0].dataIndex : 0;
          const seen = new Set();
          const box = document.createElement('div');
          const line = (text, color) => {
            const row = document.createElement('div');
            if (color) {
              const dot = document.createElement('span');
              dot.className = 'tip-dot';
              dot.style.backgroundColor = color;
              row.append(dot);
            }
            row.append(text);
            box.append(row);
          };
          line((x[i] || '') + (part(i) ? ` (${words.partial})` : ''));
          for (const it of items) {
            const v = it.value != null && typeof it.value === 'object' ? it.value.value : it.value;
            if (seen.has(it.seriesName) || v == null) continue; // a line's dashed twin
            seen.add(it.seriesName);
            line(`${it.seriesName}: ${fmt(v)}`, typeof it.color === 'string' ? it.color : '');
          }
          return box;
        },
      },
      color: palette,
      legend: { show: many, bottom: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: many ? 40 : 24 },
      xAxis: { type: 'category', data: x },
      // data.max caps the axis where a figure cannot go higher (100 for a share in %).
      yAxis: { type: 'value', scale: kind === 'line', max: data.max, axisLabel: { formatter: fmt } },
      series,
    };
  }

  // heatmap is the option of a grid of cells, e.g. hours by weekday. A cell without a value
  // is left out (blank), not drawn as 0.
  function heatmap(data, fmt) {
    const cells = data.data.filter((c) => c[2] != null);
    const values = cells.map((c) => c[2]);
    const min = values.length ? Math.min(...values) : 0;
    const max = values.length ? Math.max(...values) : 1;
    const esc = window.echarts.format.encodeHTML; // the tooltip is HTML; labels are data
    return {
      tooltip: {
        formatter: (p) => `${esc(data.y[p.value[1]])} ${esc(data.x[p.value[0]])}: ${esc(fmt(p.value[2]))}`,
      },
      grid: { left: 8, right: 16, top: 40, bottom: 56 },
      xAxis: { type: 'category', data: data.x, splitArea: { show: true } },
      yAxis: { type: 'category', data: data.y, inverse: true, splitArea: { show: true } },
      // Light to dark blue, the accent of app.css: readable in grey scale too.
      visualMap: {
        min, max: max > min ? max : min + 1, orient: 'horizontal', left: 'center', bottom: 0,
        text: [fmt(max), fmt(min)], inRange: { color: ['#eef5fc', '#0b5cad'] },
      },
      series: [{ type: 'heatmap', data: cells }],
    };
  }

  // owner maps a chart's data to the data series of each drawn series (cartesian).
  const owner = new WeakMap();

  // drillURL is the address of the records behind point i of data series k: the series' own
  // drill URL (its metric, the view's filters and language) for the bucket alone, `to`
  // exclusive. null when the series or the chart has none.
  function drillURL(data, k, i) {
    const s = data.series[k];
    if (!s || !s.drill || !data.bounds || data.bounds.from[i] == null) return null;
    const u = new URL(s.drill, window.location.origin);
    u.searchParams.set('period', 'custom');
    u.searchParams.set('from', data.bounds.from[i]);
    u.searchParams.set('to', data.bounds.to[i]);
    return u.pathname + u.search;
  }

  // drillOnClick opens a point's records: a click on a bar or a line's point names its series;
  // a click elsewhere in a bucket's column does too when the chart has one series.
  function drillOnClick(chart, data) {
    if (!data.bounds) return;
    const owners = owner.get(data) || [];
    let done = false;
    const go = (url) => {
      if (url && !done) {
        done = true;
        window.location.assign(url);
      }
    };
    chart.on('click', (p) => {
      if (p.componentType === 'series') go(drillURL(data, owners[p.seriesIndex], p.dataIndex));
    });
    if (data.series.length !== 1) return;
    chart.getZr().on('click', (e) => {
      const at = [e.offsetX, e.offsetY];
      if (!chart.containPixel('grid', at)) return;
      const i = Math.round(chart.convertFromPixel({ gridIndex: 0 }, at)[0]);
      if (Number.isInteger(i)) go(drillURL(data, 0, i));
    });
  }

  function drawChart(el) {
    const block = el.querySelector('script.chart-data');
    if (!block || window.echarts.getInstanceByDom(el)) return;
    // A wall screen's page waiting for its turn has no size to draw in: it is drawn when shown.
    if (el.closest('section.slide[hidden]')) return;
    let data;
    try {
      data = JSON.parse(block.textContent);
    } catch (err) {
      console.error('klantpuls: chart data is not JSON', el, err);
      return;
    }
    const fmt = unitFormat(el.dataset.unit);
    const option = el.dataset.chart === 'heatmap' ? heatmap(data, fmt) : cartesian(el.dataset.chart, data, fmt);
    option.title = { text: el.dataset.title || '', left: 0, textStyle: { fontSize: 14 } };
    option.animation = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    // A chart is a picture to assistive technology; its name is the server's aria-label, else
    // the title. The figures themselves belong in a table beside it.
    el.setAttribute('role', 'img');
    if (!el.hasAttribute('aria-label') && el.dataset.title) el.setAttribute('aria-label', el.dataset.title);
    // ECharts draws into the element's box: without a height from the style sheet it would
    // draw nothing. Setting a style property from script is allowed by the CSP.
    if (!el.clientHeight) el.style.height = '20rem';
    const chart = window.echarts.init(el, null, { renderer: 'svg', locale: lang === 'nl' ? 'NL' : 'EN' });
    chart.setOption(option);
    if (el.dataset.chart !== 'heatmap') drillOnClick(chart, data);
    charts.add(chart);
    resizer.observe(el);
  }

  function renderCharts(root) {
    if (!window.echarts) return; // a page without charts need not load ECharts
    for (const chart of charts) {
      if (!chart.getDom().isConnected) {
        resizer.unobserve(chart.getDom());
        chart.dispose();
        charts.delete(chart);
      }
    }
    within(root, '.chart[data-chart]').forEach(drawChart);
  }

  // ---- Sortable tables ----------------------------------------------------------------------

  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });

  // sortOrder remembers how each table was sorted (by its position on the page), so a live
  // refresh, which brings the table back in the server's order, keeps the user's order.
  const sortOrder = new Map();

  // number reads a cell for a "num" column: data-value, else its text in the page's notation.
  function number(cell) {
    let s = cell.dataset.value;
    if (s == null) {
      s = cell.textContent.replace(/[\s%]/g, '');
      s = lang === 'nl' ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
    }
    return s === '' ? NaN : Number(s);
  }

  function sortTable(table, th, ascending) {
    const col = th.cellIndex;
    const numeric = th.dataset.sort === 'num';
    const body = table.tBodies[0];
    const rows = [...body.rows].map((row) => {
      const cell = row.cells[col];
      return { row, key: !cell ? '' : numeric ? number(cell) : cell.textContent.trim() };
    });
    const dir = ascending ? 1 : -1;
    rows.sort((a, b) => {
      if (numeric) {
        // Rows without a number go last in both directions: "no data" is not small.
        const na = Number.isNaN(a.key), nb = Number.isNaN(b.key);
        if (na || nb) return na - nb;
        return (a.key - b.key) * dir;
      }
      return collator.compare(a.key, b.key) * dir;
    });
    body.append(...rows.map((r) => r.row)); // moving rows keeps their listeners and focus
    for (const other of table.tHead.rows[0].cells) other.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
  }

  function enhanceTables(root) {
    const all = [...document.querySelectorAll('table.sortable')];
    for (const table of within(root, 'table.sortable')) {
      if (!table.tHead || !table.tBodies[0] || table.dataset.sortable) continue;
      table.dataset.sortable = 'on';
      const key = all.indexOf(table);
      for (const th of table.tHead.querySelectorAll('th[data-sort]')) {
        // The header's text moves into a button: a button takes focus and answers Enter and
        // Space by itself, so the table sorts from the keyboard without extra code.
        let button = th.querySelector('button');
        if (!button) {
          button = document.createElement('button');
          button.type = 'button';
          button.className = 'sort';
          button.append(...th.childNodes);
          th.append(button);
        }
        button.addEventListener('click', () => {
          const ascending = th.getAttribute('aria-sort') !== 'ascending';
          sortTable(table, th, ascending);
          sortOrder.set(key, { col: th.cellIndex, ascending });
        });
      }
      const saved = sortOrder.get(key);
      const th = saved && table.tHead.rows[0].cells[saved.col];
      if (th && th.dataset.sort) sortTable(table, th, saved.ascending);
    }
  }

  // ---- Period picker ------------------------------------------------------------------------

  // The dates matter only for a custom period. Without this script they are always shown and
  // the server ignores them unless period=custom; here they are hidden, and disabled so a stale
  // range is not sent along.
  function enhancePeriodForms(root) {
    for (const form of within(root, 'form.period')) {
      const select = form.querySelector('select[name="period"]');
      if (!select || form.dataset.period) continue;
      form.dataset.period = 'on';
      const inputs = [...form.querySelectorAll('input[name="from"], input[name="to"]')];
      const update = () => {
        const custom = select.value === 'custom';
        for (const input of inputs) {
          input.disabled = !custom;
          const label = input.closest('label') || (input.id && form.querySelector(`label[for="${CSS.escape(input.id)}"]`));
          for (const el of [input, label]) if (el) el.hidden = !custom;
        }
      };
      select.addEventListener('change', update);
      update();
    }
  }

  // ---- Live updates -------------------------------------------------------------------------

  // Each committed batch of records sends an "update" event. A busy import sends many, so the
  // page refreshes at most once every 2 s: the first update at once, the rest of a burst once
  // at the end of the pause. A hidden tab does not refresh until it is shown again.
  const pause = 2000;

  // markUpdated says on the page when its figures were last fetched, in the account's time zone
  // (the status line's data-zone), as the server wrote the page's first: a screen on the wall
  // may have its own clock set elsewhere. A zone the browser does not know leaves its own.
  function markUpdated() {
    const status = document.getElementById('live-status');
    if (!status) return;
    const hm = { hour: '2-digit', minute: '2-digit' };
    let clock;
    try {
      clock = new Intl.DateTimeFormat(locale, { ...hm, timeZone: status.dataset.zone || undefined });
    } catch (e) {
      clock = new Intl.DateTimeFormat(locale, hm);
    }
    status.textContent = `${words.updated} ${clock.format(new Date())}`;
  }

  // A live update replaces the whole of main, and the element that had the keyboard's focus
  // with it: the focus fell to the top of the page at every arriving record (WCAG 2.4.3).
  // focusPlace says where the focus is in main in terms that outlive the swap — the element's
  // id, or else the nearest id around it and the element's kind (tag, href, name) and place
  // among its kind there; a tile's links have no id of their own. Null when main has no focus,
  // so an update never takes the focus from elsewhere.
  function focusPlace(main) {
    const el = document.activeElement;
    if (!main || !el || el === main || !main.contains(el)) return null;
    if (el.id) return { id: el.id };
    const place = { around: el.parentElement.closest('[id]').id, tag: el.tagName, href: el.getAttribute('href'), name: el.getAttribute('name') };
    place.index = sameKind(place).indexOf(el);
    return place;
  }

  // sameKind lists the elements of the place's kind in the element around it, in page order.
  function sameKind(place) {
    const around = document.getElementById(place.around);
    if (!around) return [];
    return [...around.querySelectorAll(place.tag)].filter((e) =>
      e.getAttribute('href') === place.href && e.getAttribute('name') === place.name);
  }

  // refocus puts the focus on the new page's counterpart of place, unless the user has moved
  // it meanwhile (it is on an element still in the page).
  function refocus(place) {
    const now = document.activeElement;
    if (!place || (now && now !== document.body && now.isConnected)) return;
    const el = place.id ? document.getElementById(place.id) : sameKind(place)[place.index];
    if (el) el.focus({ preventScroll: true });
  }

  // openDetails names the <details> open in main (a tile's "Wat meet dit?") by the element
  // around it and its place there; reopen opens their counterparts in the new main, whose
  // come closed from the server: an explanation being read does not shut at every update.
  function detailsKey(d) {
    const around = d.parentElement.closest('[id], [aria-labelledby]');
    if (!around) return '';
    const name = around.id || around.getAttribute('aria-labelledby');
    return name + ' ' + [...around.querySelectorAll('details')].indexOf(d);
  }

  function openDetails() {
    const main = document.getElementById('main');
    return main ? [...main.querySelectorAll('details[open]')].map(detailsKey) : [];
  }

  function reopen(keys) {
    const main = document.getElementById('main');
    if (!main || keys.length === 0) return;
    for (const d of main.querySelectorAll('details')) {
      if (keys.includes(detailsKey(d))) d.open = true;
    }
  }

  function startLive() {
    const url = document.body.dataset.live;
    if (!url || !window.htmx || !window.EventSource) return;
    let last = 0, timer = 0, stale = false;

    const refresh = () => {
      timer = 0;
      if (!document.getElementById('main')) return;
      if (document.hidden) {
        stale = true;
        return;
      }
      stale = false;
      last = Date.now();
      if (wallRefresh) { // the wall fetches its pages itself (startRotation)
        wallRefresh();
        return;
      }
      // htmx sends HX-Request: true; select picks #main from the page, so the server may send
      // the whole page or only the main element.
      const place = focusPlace(document.getElementById('main'));
      const open = openDetails();
      window.htmx.ajax('GET', location.href, { target: '#main', select: '#main', swap: 'outerHTML' }).then(() => {
        markUpdated();
        reopen(open);
        refocus(place);
      });
    };
    const schedule = () => {
      if (!timer) timer = setTimeout(refresh, Math.max(0, last + pause - Date.now()));
    };

    // EventSource reconnects by itself (the server sends retry: 3000). The body says when the
    // stream is open, which is when the server listens for commits (api_live.go subscribes
    // before its first line): a browser test waits for it rather than for a guessed while.
    const source = new EventSource(url);
    source.addEventListener('open', () => { document.body.dataset.liveOpen = 'true'; });
    source.addEventListener('error', () => { delete document.body.dataset.liveOpen; });
    source.addEventListener('update', schedule);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && stale) schedule();
    });
  }

  // ---- Import progress -----------------------------------------------------------------------

  // A running import's page asks for its status every second and moves its progress bar; when
  // the import has ended the page is loaded again to show what came of it. Leaving the page
  // does not stop the import.
  function followImports(root) {
    for (const el of within(root, '[data-import-status]')) {
      if (el.dataset.status !== 'running' || el.dataset.following) continue;
      el.dataset.following = '1';
      const poll = async () => {
        // A live update may have replaced the page's main part (and this element) meanwhile:
        // the new part follows the import itself, or already shows how it ended.
        if (!el.isConnected) return;
        try {
          const res = await fetch(el.dataset.importStatus, { headers: { Accept: 'application/json' } });
          const st = await res.json();
          if (!el.isConnected) return;
          if (st.status !== 'running') return location.reload();
          const bar = el.querySelector('progress');
          if (bar && st.percent != null) bar.value = st.percent;
          const rows = el.querySelector('#run-rows');
          if (rows) rows.textContent = numbers.format(st.rows);
        } catch (e) { /* the server restarts or the network drops: try again */ }
        setTimeout(poll, 1000);
      };
      setTimeout(poll, 1000);
    }
  }

  // ---- Forms ----------------------------------------------------------------------------------

  // A select marked data-submit sends its form when it changes (the import's kind of data): the
  // page answers with the form for that choice. Without this file its form's button does it.
  function enhanceSubmitSelects(root) {
    for (const el of within(root, 'select[data-submit]')) {
      if (el.dataset.submitting) continue;
      el.dataset.submitting = '1';
      el.addEventListener('change', () => el.form && el.form.requestSubmit());
    }
  }

  // In a form.conditional, a field marked data-condition="x y" applies only when the form's
  // condition is one of x, y (the alert rule's theme, for negative sentiment; a KPI rule's
  // metric and period): here it is hidden and disabled otherwise, so it is not sent along.
  // Without this file it is always shown and the server ignores or refuses what does not
  // apply, saying so.
  function enhanceConditionalForms(root) {
    for (const form of within(root, 'form.conditional')) {
      const select = form.querySelector('select[name="condition"]');
      if (!select || form.dataset.conditional) continue;
      form.dataset.conditional = 'on';
      const fields = [...form.querySelectorAll('[data-condition]')];
      const update = () => {
        for (const el of fields) {
          const applies = el.dataset.condition.split(' ').includes(select.value);
          el.hidden = !applies;
          if (el.tagName === 'SELECT' || el.tagName === 'INPUT') el.disabled = !applies;
        }
      };
      select.addEventListener('change', update);
      update();
    }
  }

  // ---- Small screens ------------------------------------------------------------------------

  // phone is the width at which app.css folds the menu and the filters (600 px).
  const phone = window.matchMedia('(max-width: 600px)');

  // The menu button: without this file it stays hidden and the menu open (app.css folds the
  // menu only in a header marked menu-ready). The button says whether the menu is open.
  function enhanceMenu() {
    const header = document.querySelector('header.top');
    const button = header && header.querySelector('button.menu-toggle');
    if (!button || header.classList.contains('menu-ready')) return;
    const set = (open) => {
      header.classList.toggle('open', open);
      button.setAttribute('aria-expanded', String(open));
    };
    button.hidden = false;
    header.classList.add('menu-ready');
    set(false);
    button.addEventListener('click', () => set(button.getAttribute('aria-expanded') !== 'true'));
    // Escape closes the open menu and gives the focus back to its button.
    header.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && header.classList.contains('open') && phone.matches) {
        set(false);
        button.focus();
      }
    });
  }

  // The period and filters come open from the server; on a phone they fold to their summary
  // line, which keeps the figures on the first screen.
  function foldControls(root) {
    if (!phone.matches) return;
    for (const details of within(root, 'details.view-controls')) {
      if (details.dataset.folded) continue;
      details.dataset.folded = '1';
      details.open = false;
    }
  }

  // A table wider than its place scrolls sideways by itself (app.css, table.overflows). While
  // it has more to show it takes the keyboard's focus, so it scrolls without a mouse too, and a
  // line above it says so (its data-hint). The table stays where it is in the page: nothing is
  // put around it. A table that fits stays an ordinary, full-width table.
  function checkTable(table) {
    const scrolling = table.classList.contains('overflows');
    const parent = table.parentElement;
    const more = scrolling ? table.scrollWidth > table.clientWidth + 1 : parent && table.offsetWidth > parent.clientWidth + 1;
    table.classList.toggle('overflows', more);
    if (more) table.tabIndex = 0;
    else table.removeAttribute('tabindex');
  }
  const overflowing = new ResizeObserver((entries) => entries.forEach((entry) => checkTable(entry.target)));
  // A table at its narrowest no longer changes size as the window narrows further: look again.
  window.addEventListener('resize', () => document.querySelectorAll('table[data-hint]').forEach(checkTable));

  function markTables(root) {
    for (const table of within(root, 'table')) {
      if (table.dataset.hint) continue;
      table.dataset.hint = words.scroll;
      overflowing.observe(table);
    }
  }

  // ---- Wall screen ---------------------------------------------------------------------------

  // The wall (/tv) shows one page at a time, the next every data-rotate seconds (or at an arrow
  // key); without this file the noscript's refresh asks for the wall again with the next page
  // brought (?show=). The wall brings one page, where the rotation starts; each other page is
  // fetched from its data-slide when it comes next, and a live update fetches the page on screen and the next one again and
  // leaves the rest for their turn: the server makes one page at a time, not all of them at
  // every change. A page waiting for its figures keeps what it showed.
  let wallRefresh = null;

  function startRotation() {
    const seconds = Number(document.body.dataset.rotate);
    if (!seconds) return;
    let version = 0; // of the figures: a live update makes every page's older
    const shown = new WeakMap(); // the version of the figures each page shows
    const slides = () => [...document.querySelectorAll('section.slide')];
    // The rotation starts at the page the wall brought (?show= may name one).
    let index = Math.max(0, slides().findIndex((el) => el.hasAttribute('data-fresh')));
    const load = (el) => {
      if (!el || !el.dataset.slide || el.dataset.loading || shown.get(el) === version) return;
      const asked = version;
      el.dataset.loading = '1';
      fetch(el.dataset.slide, { credentials: 'same-origin' }).then((res) => {
        // Sent elsewhere (the wall revoked): the wall's own address says where and why.
        if (res.redirected) location.reload();
        const period = res.headers.get('X-Period'); // the wall's period, as it is now
        const heading = document.querySelector('.tv-head .period');
        if (res.ok && period && heading) heading.textContent = decodeURIComponent(period);
        return res.ok && !res.redirected ? res.text() : null;
      }).then((html) => {
        if (html == null) return;
        const body = el.querySelector('.slide-body');
        body.innerHTML = html; // the server's templates escaped what they must
        shown.set(el, asked);
        enhance(body); // charts of a page not on screen are drawn when it is shown
        if (!el.hidden) markUpdated();
      }).catch(() => {}).finally(() => {
        delete el.dataset.loading;
        if (asked !== version && !el.hidden) load(el); // the figures changed meanwhile: once more
      });
    };
    const show = () => {
      const all = slides();
      if (!all.length) return;
      index %= all.length;
      all.forEach((el, i) => { el.hidden = i !== index; });
      renderCharts(all[index]);
      load(all[index]);
      load(all[(index + 1) % all.length]); // ready when its turn comes
    };
    // The pages the wall brought are of the figures as they were: version 0.
    slides().forEach((el) => { if (el.hasAttribute('data-fresh')) shown.set(el, 0); });
    document.body.classList.add('rotating');
    show();
    wallRefresh = () => { version += 1; show(); };
    let timer = null;
    const rotate = () => {
      clearInterval(timer);
      timer = paused() ? null : setInterval(() => { index += 1; show(); }, seconds * 1000);
    };
    // Content that moves on by itself can be paused (WCAG 2.2.2): the button stops the rotation
    // at the page on screen, pressed again it goes on; live updates go on either way.
    const pause = document.getElementById('tv-pause');
    const paused = () => pause && pause.getAttribute('aria-pressed') === 'true';
    if (pause) {
      pause.hidden = false;
      pause.addEventListener('click', () => {
        pause.setAttribute('aria-pressed', String(!paused()));
        rotate();
      });
    }
    rotate();
    // Whoever sets the screen up can step through the pages with the arrow keys; the rotation
    // starts its count again from the page chosen.
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const n = slides().length || 1;
      index = (index + (e.key === 'ArrowRight' ? 1 : n - 1)) % n;
      show();
      rotate();
    });
  }

  // The wall link carries its secret after the #, which no browser sends to a server: this
  // sends it by the form (POST), and takes it out of the address bar and history first.
  function connectWall() {
    const form = document.getElementById('wall-connect');
    const secret = location.hash.slice(1);
    if (!form || !secret) return;
    history.replaceState(null, '', location.pathname + location.search);
    form.querySelector('input[name="secret"]').value = decodeURIComponent(secret);
    form.requestSubmit();
  }

  // ---- Start ----------------------------------------------------------------------------------

  // app.css lets every table scroll by itself while this file has not run (or does not run).
  document.documentElement.classList.add('js');

  function enhance(root) {
    markTables(root);
    foldControls(root);
    renderCharts(root);
    enhanceTables(root);
    enhancePeriodForms(root);
    followImports(root);
    enhanceSubmitSelects(root);
    enhanceConditionalForms(root);
  }

  if (window.htmx) {
    // htmx would add a <style> element for its request indicators, which the CSP refuses (and
    // reports as an error); app.css styles them instead. No htmx feature here needs eval.
    // allowScriptTags stays on: turning it off removes every <script> from swapped content,
    // the charts' JSON data blocks too (htmx runs only JavaScript ones, and the CSP refuses
    // inline ones anyway).
    Object.assign(window.htmx.config, { includeIndicatorStyles: false, allowEval: false });
    // htmx:load fires for the body once htmx starts and for each swapped-in element after.
    window.htmx.onLoad(enhance);
    // Loaded after htmx started (not with defer): the first htmx:load has passed already.
    if (document.readyState === 'complete') enhance(document.body);
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => enhance(document.body));
  } else {
    enhance(document.body);
  }
  const started = () => {
    enhanceMenu();
    connectWall();
    startRotation();
    startLive();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', started);
  else started();
})();
