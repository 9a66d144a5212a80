// tracker dashboard. The data blocks hold every string already formatted, in both languages
// (tracker/report/dashboard.py); this script only chooses, filters, orders and lays them out. Every
// text goes in with textContent: names in the data may hold HTML.
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const LANGUAGES = ["vi", "en"];
  const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const LEVELS = 4095;
  const meta = JSON.parse(document.getElementById("tracker-meta").textContent);
  const strings = JSON.parse(document.getElementById("tracker-text").textContent);
  const areas = meta.areas;
  const indicators = meta.indicators;
  const NO_TARGET = meta.statuses.indexOf("no_target");
  const BEHIND_PACE = ["at_risk", "lagging"].map((s) => meta.statuses.indexOf(s));
  const spans = meta.spans || [];
  // span: -1 the year's rows, else the five-year span's (its tab); plan: its place in plans.csv
  const state = { lang: meta.lang, area: meta.root, indicator: -1, status: -1, group: -1, query: "", plan: 0, span: -1 };
  const app = document.getElementById("app");

  // --- data --------------------------------------------------------------------------------------

  // The tables the page shows: the year's, and each span's, each in blocks by the parent area.
  const YEAR = { prefix: "tracker-block-", own: areas.block, children: areas.children };
  const SPANS = spans.map((span, k) => ({ prefix: "tracker-span-" + k + "-block-", own: span.block, children: span.children }));
  function table() {
    return state.span >= 0 ? SPANS[state.span] : YEAR;
  }
  const blocks = new Map();
  // A block is parsed the first time one of its areas is shown: the first paint reads only the
  // top areas' rows, however many communes the file holds.
  function block(set, number) {
    const id = set.prefix + number;
    if (!blocks.has(id)) {
      const data = JSON.parse(document.getElementById(id).textContent);
      data.byArea = new Map();
      data.byIndicator = new Map();
      for (let row = 0; row < data.area.length; row++) {
        push(data.byArea, data.area[row], row);
        push(data.byIndicator, data.indicator[row], row);
      }
      blocks.set(id, data);
    }
    return blocks.get(id);
  }
  // The rows of the plan chosen (a block holds every plan's where there are several).
  function planned(data, rows) {
    return data.plan ? rows.filter((r) => data.plan[r] === state.plan) : rows;
  }
  function push(map, key, value) {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }
  function ownRows(area, set = table()) {
    const number = set.own[area];
    if (number < 0) return { data: null, rows: [] };
    const data = block(set, number);
    // The block keeps rows worst index first; an area's own list reads in the catalogue's order.
    const rows = planned(data, (data.byArea.get(area) || []).slice()).sort((a, b) => data.indicator[a] - data.indicator[b]);
    return { data, rows };
  }
  function childRows(area, indicator) {
    const number = table().children[area];
    if (number < 0) return { data: null, rows: [] };
    const data = block(table(), number);
    return { data, rows: planned(data, data.byIndicator.get(indicator) || []) };
  }
  // A row's string in the current language; null where the row has none (a field a block leaves
  // out where none of its rows has it: a revision, a phase, a span's missing years).
  function text(data, field, row) {
    const code = data[field] ? data[field][row] : null;
    if (code === null || code === undefined) return null;
    const entry = strings[code];
    return typeof entry === "string" ? entry : entry[LANGUAGES.indexOf(state.lang)];
  }
  function words() {
    return meta.words[state.lang];
  }
  function statusLabel(status, indicator) {
    return meta.labels[state.lang][indicators.ceiling[indicator]][status];
  }
  function indicatorName(indicator) {
    return indicators.name[state.lang][indicator];
  }
  function groupName(group) {
    return meta.groups[state.lang][group] || words().other_group;
  }
  function shown(data, row) {
    const status = data.status[row];
    if (state.status >= 0 && status !== state.status) return false;
    return state.group < 0 || indicators.group[data.indicator[row]] === state.group;
  }

  // --- building the page -------------------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "onclick") node.addEventListener("click", value);
      else if (name === "oninput") node.addEventListener("input", value);
      else if (name === "onchange") node.addEventListener("change", value);
      // through the CSSOM: the page's policy forbids style attributes, not style properties
      else if (name === "style") node.style.cssText = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    for (const child of children) node.append(typeof child === "string" ? document.createTextNode(child) : child);
    return node;
  }
  function go(area, indicator) {
    const parts = ["area=" + encodeURIComponent(areas.id[area])];
    if (indicator >= 0) parts.push("indicator=" + encodeURIComponent(indicators.id[indicator]));
    if (state.span >= 0) parts.push("span=" + encodeURIComponent(spans[state.span].span));
    const hash = "#" + parts.join("&");
    if (location.hash === hash) render();
    else location.hash = hash;
  }
  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    const area = areas.id.indexOf(params.get("area"));
    const indicator = indicators.id.indexOf(params.get("indicator"));
    state.area = params.has("area") && area >= 0 ? area : meta.root;
    state.indicator = params.has("indicator") ? indicator : -1;
    state.span = spans.findIndex((span) => span.span === params.get("span"));
  }
  function statusCell(tag, data, row) {
    const status = data.status[row];
    return el(
      tag,
      { class: "status", style: "color:" + meta.colours[status] },
      el("span", { class: "swatch", style: "background:" + meta.bars[status] }),
      statusLabel(status, data.indicator[row])
    );
  }

  function render() {
    const w = words();
    document.documentElement.lang = state.lang;
    document.title = [meta.organisation, w.title].filter(Boolean).join(" – ");
    const focused = document.activeElement && document.activeElement.id;
    const view = state.span >= 0
      ? (state.indicator >= 0 ? spanIndicatorView(w) : spanAreaView(w))
      : (state.indicator >= 0 ? indicatorView(w) : areaView(w));
    app.replaceChildren(...[header(w), controls(w), crumbs(), tabs(w), view].filter(Boolean));
    if (focused === "search") {
      const input = document.getElementById("search");
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }
  }

  function header(w) {
    const other = LANGUAGES[1 - LANGUAGES.indexOf(state.lang)];
    return el(
      "header",
      null,
      el("div", null, el("h1", null, w.title), el("p", null, [meta.organisation, w.as_of, planName()].filter(Boolean).join(" · "))),
      el(
        "button",
        { class: "switch", lang: other, id: "language", onclick: () => { state.lang = other; render(); } },
        w.switch
      )
    );
  }

  function controls(w) {
    const status = el("select", { id: "status-filter", onchange: (e) => { state.status = Number(e.target.value); render(); } });
    status.append(el("option", { value: "-1" }, w.all));
    meta.statuses.forEach((_, k) => status.append(el("option", { value: String(k) }, meta.labels[state.lang][0][k])));
    status.value = String(state.status);
    const group = el("select", { id: "group-filter", onchange: (e) => { state.group = Number(e.target.value); render(); } });
    group.append(el("option", { value: "-1" }, w.all));
    meta.groups[state.lang].forEach((_, k) => group.append(el("option", { value: String(k) }, groupName(k))));
    group.value = String(state.group);
    const input = el("input", {
      id: "search", type: "search", placeholder: w.search, "aria-label": w.search, autocomplete: "off",
      oninput: (e) => { state.query = e.target.value; showResults(results, w); },
    });
    input.value = state.query;
    const results = el("ul", { class: "results", id: "results", hidden: "" });
    showResults(results, w);
    return el(
      "div",
      { class: "controls" },
      el("div", { class: "search" }, input, results),
      meta.plans ? el("label", { class: "plan" }, w.plan_filter, planSelector()) : null,
      el("label", null, w.status_filter, status),
      meta.groups[state.lang].length > 1 ? el("label", null, w.group_filter, group) : null
    );
  }
  // Only where plans.csv has several: the plan of record first, each other plan's rows on choosing it.
  function planSelector() {
    const select = el("select", { id: "plan-filter", onchange: (e) => { state.plan = Number(e.target.value); render(); } });
    meta.plans.name[state.lang].forEach((name, k) => select.append(el("option", { value: String(k) }, name)));
    select.value = String(state.plan);
    return select;
  }
  function planName() {
    return meta.plans ? meta.plans.name[state.lang][state.plan] : null;
  }

  // The year's plan, and each five-year span holding the year: a tab each, the area kept.
  function tabs(w) {
    if (!spans.length) return null;
    const tab = (span, label) => el("button", {
      class: "tab", role: "tab", "aria-selected": String(state.span === span), "data-span": span < 0 ? "" : spans[span].span,
      onclick: () => openTab(span),
    }, label);
    return el("nav", { class: "tabs", role: "tablist" }, tab(-1, w.year_tab), ...spans.map((span, k) => tab(k, span.title[state.lang])));
  }
  function openTab(span) {
    state.span = span;
    // the indicator stays in view where the area has a row of it in the tab opened
    const { data, rows } = ownRows(state.area);
    const kept = state.indicator >= 0 && data && rows.some((r) => data.indicator[r] === state.indicator);
    go(state.area, kept ? state.indicator : -1);
  }

  function crumbs() {
    const chain = [];
    for (let area = state.area; area >= 0; area = areas.parent[area]) chain.unshift(area);
    const list = el("ol");
    chain.forEach((area, k) => {
      const last = k === chain.length - 1;
      const name = areas.name[area];
      list.append(el("li", null, last ? el("strong", null, name) : el("button", { class: "link", onclick: () => go(area, state.indicator) }, name)));
    });
    return el("nav", { class: "crumbs", "aria-label": "breadcrumb" }, list);
  }

  // --- the area view: every indicator of one area ------------------------------------------------

  function areaView(w) {
    const { data, rows } = ownRows(state.area);
    const main = el("main", null, el("h2", null, areas.name[state.area]));
    if (!data) return main;
    const targeted = rows.filter((r) => data.status[r] !== NO_TARGET);
    const tracked = rows.filter((r) => data.status[r] === NO_TARGET);
    main.append(counts(data, targeted, tracked, w));

    main.append(el("h3", null, w.targeted));
    const visible = targeted.filter((r) => shown(data, r));
    if (visible.length) main.append(bullets(data, visible));
    else main.append(el("p", { class: "note" }, w.none_shown));

    const behind = targeted.filter((r) => BEHIND_PACE.includes(data.status[r]) && shown(data, r));
    main.append(el("h3", null, w.behind));
    if (behind.length) main.append(behindTable(data, behind, w));
    else main.append(el("p", { class: "note" }, w.none_behind));

    const listed = tracked.filter((r) => shown(data, r));
    if (listed.length) {
      main.append(el("h3", null, w.tracked));
      main.append(el("ul", { class: "tracked" }, ...listed.map((r) => el(
        "li", null,
        el("button", { class: "link", onclick: () => go(state.area, data.indicator[r]) }, indicatorName(data.indicator[r])),
        el("span", { class: "num" }, text(data, "actual", r))
      ))));
    }
    return main;
  }

  function counts(data, targeted, tracked, w) {
    const box = el("div", { class: "counts", id: "counts" });
    const card = (status, count, label) => el(
      "button",
      {
        class: "count", "aria-pressed": String(state.status === status),
        style: "border-left-color:" + (count ? meta.bars[status] : "#bdbdbd"),
        "data-status": meta.statuses[status],
        onclick: () => { state.status = state.status === status ? -1 : status; render(); },
      },
      el("strong", { style: "color:" + (count ? meta.colours[status] : "#6b6b6b") }, String(count)),
      el("span", null, label)
    );
    meta.statuses.forEach((_, status) => {
      if (status === NO_TARGET) return;
      const count = targeted.filter((r) => data.status[r] === status).length;
      const name = meta.statuses[status];
      // always the four that every plan can be in; no data and a breach only when they happen
      if (count || !["no_data", "breached"].includes(name)) box.append(card(status, count, meta.labels[state.lang][0][status]));
    });
    if (tracked.length) box.append(card(NO_TARGET, tracked.length, w.tracked));
    return box;
  }

  // One scale for the whole list, so bars compare: to 120%, or to the best attainment up to 200%.
  function scaleTop(data, rows) {
    let top = 1.2;
    for (const r of rows) if (data.attainment[r] !== null) top = Math.max(top, Math.min(data.attainment[r] / 1000, 2));
    return top;
  }
  function bullets(data, rows) {
    const top = scaleTop(data, rows);
    const list = el("ul", { class: "bullets", id: "overview" });
    let group = -1;
    for (const r of rows) {
      const indicator = data.indicator[r];
      if (meta.groups[state.lang].length > 1 && indicators.group[indicator] !== group) {
        group = indicators.group[indicator];
        list.append(el("li", { class: "group" }, el("h4", null, groupName(group))));
      }
      list.append(el(
        "li", { "data-indicator": indicators.id[indicator] },
        el("span", { class: "name" }, el("button", { class: "link", onclick: () => go(state.area, indicator) }, indicatorName(indicator))),
        bullet(data, r, top),
        el("span", { class: "num attained" }, text(data, "attained", r)),
        statusCell("span", data, r)
      ));
    }
    return list;
  }

  // Few's bullet graph: grey bands to half the plan, to the plan and beyond; the bar is the
  // attainment, the tick the expected pace, the line at 100% the plan.
  function bullet(data, row, top) {
    const x = (fraction) => (Math.max(0, Math.min(fraction, top)) / top) * 300;
    const graph = svg("svg", { viewBox: "0 0 300 22", preserveAspectRatio: "none", role: "img" });
    graph.append(
      svg("rect", { x: 0, y: 2, width: x(0.5), height: 18, fill: "#d4d4d4" }),
      svg("rect", { x: x(0.5), y: 2, width: x(1) - x(0.5), height: 18, fill: "#e4e4e4" }),
      svg("rect", { x: x(1), y: 2, width: 300 - x(1), height: 18, fill: "#f2f2f2" })
    );
    const attained = data.attainment[row];
    if (attained !== null) graph.append(svg("rect", { x: 0, y: 7, width: x(attained / 1000), height: 8, fill: meta.bars[data.status[row]] }));
    const expected = data.expected[row];
    if (expected !== null) graph.append(svg("rect", { x: x(expected / 1000) - 1.5, y: 3, width: 3, height: 16, fill: "#1a1a1a" }));
    graph.append(svg("rect", { x: x(1) - 0.75, y: 0, width: 1.5, height: 22, fill: "#000" }));
    graph.setAttribute("aria-label", text(data, "attained", row));
    return graph;
  }

  function behindTable(data, rows, w) {
    const head = el("tr", null, el("th", null, w.indicator), el("th", { class: "wide" }, w.status),
      el("th", { class: "num" }, w.attained), el("th", { class: "num" }, w.needed),
      el("th", { class: "num wide" }, w.so_far), el("th", { class: "num wide" }, w.ratio));
    const body = rows.map((r) => el(
      "tr", null,
      el("td", null, el("button", { class: "link", onclick: () => go(state.area, data.indicator[r]) }, indicatorName(data.indicator[r]))),
      withClass(statusCell("td", data, r), "wide"),
      el("td", { class: "num" }, text(data, "attained", r)),
      el("td", { class: "num" }, text(data, "needed", r)),
      el("td", { class: "num wide" }, text(data, "so_far", r)),
      el("td", { class: "num wide" }, text(data, "ratio", r))
    ));
    return el("table", { id: "behind" }, el("thead", null, head), el("tbody", null, ...body));
  }
  function withClass(node, name) {
    node.classList.add(name);
    return node;
  }

  // --- the indicator view: one indicator in one area, and the areas below it ---------------------

  function indicatorView(w) {
    const indicator = state.indicator;
    const { main, data, row } = indicatorHead(w);
    if (row !== undefined) {
      const target = text(data, "target", row), original = text(data, "original", row);
      const share = text(data, "phase_share", row), decision = text(data, "decision", row);
      main.append(
        figures(data, row, [
          [w.actual, text(data, "actual", row)],
          // a revised target with the date of the revision and the original
          [w.target, original ? fill(w.revised, { target, original, date: text(data, "revised_at", row) }) : target],
          [w.attained, text(data, "attained", row)], [w.pace, text(data, "pace", row)], [w.status, null],
          [w.months_behind, text(data, "behind", row)],
        ]),
        ...notes([
          share && fill(w.phase, { share, m: text(data, "phase_months", row), planned: text(data, "phase_planned", row) }),
          decision && fill(w.decision, { decision }),
        ]),
        chart(data, row, w)
      );
    }
    main.append(...childTable(indicator, w, [[w.months_behind, "behind"]]));
    return main;
  }
  function indicatorHead(w) {
    const main = el(
      "main", null,
      el("h2", null, indicatorName(state.indicator) + " — " + areas.name[state.area]),
      el("p", { class: "back" }, el("button", { class: "link", onclick: () => go(state.area, -1) },
        w.all_indicators.replace("{area}", areas.name[state.area])))
    );
    const { data, rows } = ownRows(state.area);
    const row = data ? rows.find((r) => data.indicator[r] === state.indicator) : undefined;
    return { main, data, row };
  }
  // The row's figures: [label, value] each, a null value for the status.
  function figures(data, row, list) {
    // a long figure (a revised target with its date and original, a ratio with its sides) takes two columns
    const figure = ([label, value]) => el("div", value && value.length > 22 ? { class: "long" } : null, el("dt", null, label),
      value === null ? statusCell("dd", data, row) : el("dd", null, value));
    return el("dl", { class: "figures", id: "figures" }, ...list.map(figure));
  }
  // A row's notes (a phase's pace, a revision's decision, a span's years without figures), if any.
  function notes(list) {
    return list.filter(Boolean).map((note) => el("p", { class: "note row-note" }, note));
  }
  // A sentence of the catalogue with its {names} filled in by strings formatted in Python.
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
  }
  // The areas below, the indicator's row in each; `more`: [label, field] columns after the status.
  function childTable(indicator, w, more) {
    const parts = [el("h3", null, w.children)];
    const children = childRows(state.area, indicator);
    const visible = children.rows.filter((r) => shown(children.data, r));
    if (!visible.length) {
      parts.push(el("p", { class: "note" }, children.rows.length ? w.none_shown : w.no_children));
      return parts;
    }
    const c = children.data;
    const head = el("tr", null, el("th", null, w.area), el("th", { class: "num wide" }, w.actual),
      el("th", { class: "num" }, w.attained), el("th", null, w.status),
      ...more.map(([label]) => el("th", { class: "num" }, label)));
    const body = visible.map((r) => el(
      "tr", { "data-area": areas.id[c.area[r]] },
      el("td", null, el("button", { class: "link", onclick: () => go(c.area[r], indicator) }, areas.name[c.area[r]])),
      el("td", { class: "num wide" }, text(c, "actual", r)),
      el("td", { class: "num" }, text(c, "attained", r)),
      statusCell("td", c, r),
      ...more.map(([, field]) => el("td", { class: "num" }, text(c, field, r)))
    ));
    parts.push(el("table", { id: "children" }, el("thead", null, head), el("tbody", null, ...body)));
    return parts;
  }

  // The cumulative chart: the heights were scaled in Python (0..4095 of the chart's height); the
  // labels are the row's own formatted strings.
  function chart(data, row, w) {
    const values = decodeChart(data.chart[row]);
    const months = (first) => points(values.slice(first, first + 12), 1);
    const [target, actual, plan, projected, original] = [values[0], months(1), months(13), months(25), values[37]];
    const revised = original !== undefined && original !== null;
    const colour = meta.bars[data.status[row]];
    const c = canvas(12, indicatorName(data.indicator[row]), "chart");
    w.months.forEach((name, k) => c.label(k + 1, name));
    // the original target of a revised row: a thin line, named in the legend (its figure is above)
    if (revised) c.level(original, ORIGINAL_STYLE);
    if (target !== null) c.level(target, TARGET_STYLE, (revised ? w.legend_revised : w.legend_target) + ": " + text(data, "target", row));
    c.line(plan, PLAN_STYLE, 3.5);
    c.line(projected, { stroke: colour, "stroke-width": 2.4, "stroke-dasharray": "7 4" });
    c.line(actual, ACTUAL_STYLE, 4);
    if (data.attainment[row] !== null) c.reached(actual, w.reached.replace("{pct}", text(data, "attained", row)));
    const keys = [
      key(indicators.flow[data.indicator[row]] ? w.legend_actual : w.legend_level, { stroke: "#1a1a1a", "stroke-width": 3 }),
      key(w.legend_plan, { stroke: "#6b6b6b", "stroke-width": 1.5 }),
      key(w.legend_projected, { stroke: colour, "stroke-width": 2.5, "stroke-dasharray": "6 3" }),
      key(revised ? w.legend_revised : w.legend_target, { stroke: "#000", "stroke-width": 1.5, "stroke-dasharray": "1.5 3" }),
    ];
    if (revised) keys.push(key(w.legend_original, ORIGINAL_STYLE));
    return el("figure", { class: "chart", style: "margin:0" }, c.graph, el("ul", { class: "legend" }, ...keys));
  }
  const TARGET_STYLE = { stroke: "#000", "stroke-width": 1.3, "stroke-dasharray": "1.5 3" };
  const ORIGINAL_STYLE = { stroke: "#6b6b6b", "stroke-width": 1.2, "stroke-dasharray": "4 3" };
  const PLAN_STYLE = { stroke: "#6b6b6b", "stroke-width": 1.4 };
  const ACTUAL_STYLE = { stroke: "#1a1a1a", "stroke-width": 2.8 };
  function key(label, style) {
    return el("li", null, svg("svg", { viewBox: "0 0 26 10" }, svg("line", { x1: 1, x2: 25, y1: 5, y2: 5, ...style })), label);
  }

  // A chart's drawing area with `slots` points across (months 1..12; a span's start and year ends
  // 0..n), and what every chart draws on it: levels across, lines through points, labels.
  function canvas(slots, label, id, first = 1) {
    const width = chartWidth(), height = 280;
    const left = 12, right = width - 12, top = 12, bottom = 250;
    const x = (slot) => left + ((slot - first + 0.5) / slots) * (right - left);
    const y = (level) => bottom - (level / LEVELS) * (bottom - top);
    const graph = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", id, class: "drawn" });
    graph.setAttribute("aria-label", label);
    for (let level = 0; level <= 4; level++) {
      graph.append(svg("line", { x1: left, x2: right, y1: y((level * LEVELS) / 4), y2: y((level * LEVELS) / 4), stroke: "#ececec" }));
    }
    return {
      graph,
      label(slot, name) {
        graph.append(svg("text", { x: x(slot), y: height - 10, "text-anchor": "middle", "font-size": width < 480 ? 11.5 : 13, fill: "#6b6b6b" }, name));
      },
      // a level across the chart, its label (if any) above it at the left
      level(value, style, name) {
        graph.append(svg("line", { x1: left, x2: right, y1: y(value), y2: y(value), ...style }));
        if (name) {
          graph.append(svg("text", {
            x: left + 2, y: y(value) - 5, "font-size": 13, fill: style.stroke, stroke: "#fff", "stroke-width": 3, "paint-order": "stroke",
          }, name));
        }
      },
      line(list, style, dots = 0) {
        if (list.length) graph.append(svg("polyline", { points: list.map(([s, v]) => `${x(s)},${y(v)}`).join(" "), fill: "none", ...style }));
        const hollow = style.stroke !== ACTUAL_STYLE.stroke;
        if (dots) list.forEach(([s, v]) => graph.append(svg("circle", { cx: x(s), cy: y(v), r: dots, fill: hollow ? "#fff" : style.stroke, stroke: style.stroke, "stroke-width": hollow ? 1.4 : 0 })));
      },
      // the attainment beside the last actual point: below to the right where there is room (the
      // path so far is on the left), else above to the left (a rising path is below it there)
      reached(list, name) {
        if (!list.length) return;
        const [s, v] = list[list.length - 1];
        const ahead = right - x(s) > 140;
        graph.append(svg("text", {
          x: x(s) + (ahead ? 10 : -10), y: y(v) + (ahead ? 18 : -10), "text-anchor": ahead ? "start" : "end",
          "font-size": 14, "font-weight": 700, stroke: "#fff", "stroke-width": 4, "paint-order": "stroke",
        }, name));
      },
    };
  }
  // As wide in SVG units as on screen (up to the chart's 780 px), so that the labels keep their
  // size on a phone instead of shrinking with the drawing; redrawn when the width changes a lot.
  function chartWidth() {
    return Math.round(Math.max(300, Math.min(780, app.clientWidth - 20)));
  }
  window.addEventListener("resize", () => {
    const drawn = document.querySelector("svg.drawn");
    if (drawn && Math.abs(drawn.viewBox.baseVal.width - chartWidth()) > 40) render();
  });

  // A chart string as its values (tracker/report/dashboard_data.py): two base64 characters a
  // height, "~" for no value.
  function decodeChart(code) {
    const values = [];
    for (let k = 0; k < code.length; ) {
      if (code[k] === "~") {
        values.push(null);
        k += 1;
      } else {
        values.push(BASE64.indexOf(code[k]) * 64 + BASE64.indexOf(code[k + 1]));
        k += 2;
      }
    }
    return values;
  }
  // [slot, value] of the values that are there, the first at slot `first`.
  function points(values, first) {
    const list = [];
    values.forEach((value, k) => { if (value !== null) list.push([first + k, value]); });
    return list;
  }

  // --- a five-year span: its rows in the area, and one indicator's years -------------------------

  function spanAreaView(w) {
    const span = spans[state.span];
    const { data, rows } = ownRows(state.area);
    const main = el("main", null, el("h2", null, areas.name[state.area]), el("h3", null, span.title[state.lang]));
    const visible = rows.filter((r) => shown(data, r));
    if (!visible.length) {
      main.append(el("p", { class: "note" }, rows.length ? w.none_shown : w.span_none));
      return main;
    }
    const head = el("tr", null, el("th", null, w.indicator), el("th", { class: "wide bar" }, ""),
      el("th", { class: "num" }, w.actual), el("th", { class: "num wide" }, w.span_target),
      el("th", { class: "num" }, w.attained), el("th", { class: "num wide" }, w.pace), el("th", null, w.status));
    const top = scaleTop(data, visible);
    const body = visible.map((r) => el(
      "tr", { "data-indicator": indicators.id[data.indicator[r]] },
      el("td", null, el("button", { class: "link", onclick: () => go(state.area, data.indicator[r]) }, indicatorName(data.indicator[r]))),
      el("td", { class: "wide bar" }, bullet(data, r, top)),
      el("td", { class: "num actual" }, text(data, "actual", r)),
      el("td", { class: "num wide" }, text(data, "target", r)),
      el("td", { class: "num attained" }, text(data, "attained", r)),
      el("td", { class: "num wide" }, text(data, "pace", r)),
      statusCell("td", data, r)
    ));
    main.append(el("table", { id: "span" }, el("thead", null, head), el("tbody", null, ...body)));
    return main;
  }

  function spanIndicatorView(w) {
    const { main, data, row } = indicatorHead(w);
    main.querySelector("h2").append(" — " + spans[state.span].title[state.lang]);
    if (row !== undefined) {
      main.append(
        figures(data, row, [
          [w.span_actual, text(data, "actual", row)], [w.span_target, text(data, "target", row)],
          [w.attained, text(data, "attained", row)], [w.pace, text(data, "pace", row)], [w.status, null],
        ]),
        ...notes([text(data, "span_pace", row), text(data, "missing", row)]),
        spanChart(data, row, w)
      );
    }
    main.append(...childTable(state.indicator, w, []));
    return main;
  }

  // The years of the span: the actual at each year's end (a flow's summed over the years so far)
  // against the planned path from the span's start and the target for the period.
  function spanChart(data, row, w) {
    const span = spans[state.span];
    const n = span.last - span.first + 1;
    const values = decodeChart(data.chart[row]);
    const [target, actual, plan] = [values[0], points(values.slice(1, 1 + n), 1), points(values.slice(1 + n, 2 + 2 * n), 0)];
    const c = canvas(n + 1, indicatorName(data.indicator[row]), "span-chart", 0);
    for (let k = 1; k <= n; k++) c.label(k, String(span.first + k - 1));
    if (target !== null) c.level(target, TARGET_STYLE, w.span_target + ": " + text(data, "target", row));
    c.line(plan, PLAN_STYLE, 3.5);
    c.line(actual, ACTUAL_STYLE, 4);
    if (data.attainment[row] !== null) c.reached(actual, w.reached.replace("{pct}", text(data, "attained", row)));
    const legend = el("ul", { class: "legend" },
      key(indicators.flow[data.indicator[row]] ? w.span_actual : w.legend_level, { stroke: "#1a1a1a", "stroke-width": 3 }),
      key(w.legend_plan, { stroke: "#6b6b6b", "stroke-width": 1.5 }),
      key(w.span_target, { stroke: "#000", "stroke-width": 1.5, "stroke-dasharray": "1.5 3" }));
    return el("figure", { class: "chart", style: "margin:0" }, c.graph, legend);
  }

  // --- search: with or without Vietnamese marks --------------------------------------------------

  // "Trà Vinh" and "tra vinh" fold to the same letters: decomposed marks dropped, đ read as d.
  function fold(value) {
    return value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  const folded = {
    areas: areas.name.map((name, k) => fold(name + " " + areas.id[k])),
    indicators: indicators.id.map((id, k) => fold(LANGUAGES.map((code) => indicators.name[code][k]).join(" ") + " " + id)),
  };
  function showResults(list, w) {
    const query = fold(state.query.trim());
    list.replaceChildren();
    list.hidden = !query;
    if (!query) return;
    const found = [];
    folded.indicators.forEach((name, k) => {
      if (found.length < 25 && name.includes(query)) found.push(result(indicatorName(k), w.indicator, () => go(state.area, k)));
    });
    folded.areas.forEach((name, k) => {
      if (found.length < 25 && name.includes(query)) {
        const parent = areas.parent[k];
        const where = parent >= 0 ? w.area + " · " + areas.name[parent] : w.area;
        found.push(result(areas.name[k], where, () => go(k, state.indicator)));
      }
    });
    if (found.length) list.append(...found);
    else list.append(el("li", { class: "empty" }, w.no_match));
  }
  function result(label, kind, open) {
    return el("li", null, el("button", {
      onclick: () => { state.query = ""; open(); },
    }, el("span", { class: "label" }, label), el("span", { class: "kind" }, kind)));
  }

  window.addEventListener("hashchange", () => { readHash(); render(); });
  readHash();
  render();
})();
