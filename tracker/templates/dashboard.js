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
  const state = { lang: meta.lang, area: meta.root, indicator: -1, status: -1, group: -1, query: "" };
  const app = document.getElementById("app");

  // --- data --------------------------------------------------------------------------------------

  const blocks = [];
  // A block is parsed the first time one of its areas is shown: the first paint reads only the
  // top areas' rows, however many communes the file holds.
  function block(number) {
    if (!blocks[number]) {
      const data = JSON.parse(document.getElementById("tracker-block-" + number).textContent);
      data.byArea = new Map();
      data.byIndicator = new Map();
      for (let row = 0; row < data.area.length; row++) {
        push(data.byArea, data.area[row], row);
        push(data.byIndicator, data.indicator[row], row);
      }
      blocks[number] = data;
    }
    return blocks[number];
  }
  function push(map, key, value) {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }
  function ownRows(area) {
    const number = areas.block[area];
    if (number < 0) return { data: null, rows: [] };
    const data = block(number);
    // The block keeps rows worst index first; an area's own list reads in the catalogue's order.
    const rows = (data.byArea.get(area) || []).slice().sort((a, b) => data.indicator[a] - data.indicator[b]);
    return { data, rows };
  }
  function childRows(area, indicator) {
    const number = areas.children[area];
    if (number < 0) return { data: null, rows: [] };
    const data = block(number);
    return { data, rows: data.byIndicator.get(indicator) || [] };
  }
  function text(data, field, row) {
    const entry = strings[data[field][row]];
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
    app.replaceChildren(header(w), controls(w), crumbs(), state.indicator >= 0 ? indicatorView(w) : areaView(w));
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
      el("div", null, el("h1", null, w.title), el("p", null, [meta.organisation, w.as_of].filter(Boolean).join(" · "))),
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
      el("label", null, w.status_filter, status),
      meta.groups[state.lang].length > 1 ? el("label", null, w.group_filter, group) : null
    );
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

  function bullets(data, rows) {
    // One scale for the whole list, so bars compare: to 120%, or to the best attainment up to 200%.
    let top = 1.2;
    for (const r of rows) if (data.attainment[r] !== null) top = Math.max(top, Math.min(data.attainment[r] / 1000, 2));
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
    const { data, rows } = ownRows(state.area);
    const row = data ? rows.find((r) => data.indicator[r] === indicator) : undefined;
    const main = el(
      "main", null,
      el("h2", null, indicatorName(indicator) + " — " + areas.name[state.area]),
      el("p", { class: "back" }, el("button", { class: "link", onclick: () => go(state.area, -1) },
        w.all_indicators.replace("{area}", areas.name[state.area])))
    );
    if (row !== undefined) {
      const figure = (label, value) => el("div", null, el("dt", null, label), el("dd", null, value));
      const status = el("div", null, el("dt", null, w.status), statusCell("dd", data, row));
      main.append(
        el("dl", { class: "figures", id: "figures" },
          figure(w.actual, text(data, "actual", row)), figure(w.target, text(data, "target", row)),
          figure(w.attained, text(data, "attained", row)), figure(w.pace, text(data, "pace", row)),
          status,
          figure(w.months_behind, text(data, "behind", row))),
        chart(data, row, w)
      );
    }
    main.append(el("h3", null, w.children));
    const children = childRows(state.area, indicator);
    const visible = children.rows.filter((r) => shown(children.data, r));
    if (!visible.length) {
      main.append(el("p", { class: "note" }, children.rows.length ? w.none_shown : w.no_children));
      return main;
    }
    const c = children.data;
    const head = el("tr", null, el("th", null, w.area), el("th", { class: "num wide" }, w.actual),
      el("th", { class: "num" }, w.attained), el("th", null, w.status), el("th", { class: "num" }, w.months_behind));
    const body = visible.map((r) => el(
      "tr", { "data-area": areas.id[c.area[r]] },
      el("td", null, el("button", { class: "link", onclick: () => go(c.area[r], indicator) }, areas.name[c.area[r]])),
      el("td", { class: "num wide" }, text(c, "actual", r)),
      el("td", { class: "num" }, text(c, "attained", r)),
      statusCell("td", c, r),
      el("td", { class: "num" }, text(c, "behind", r))
    ));
    main.append(el("table", { id: "children" }, el("thead", null, head), el("tbody", null, ...body)));
    return main;
  }

  // The cumulative chart: the heights were scaled in Python (0..4095 of the chart's height); the
  // labels are the row's own formatted strings.
  function chart(data, row, w) {
    const [target, actual, plan, projected] = decodeChart(data.chart[row]);
    const width = chartWidth(), height = 280;
    const left = 12, right = width - 12, top = 12, bottom = 250;
    const x = (month) => left + ((month - 0.5) / 12) * (right - left);
    const y = (level) => bottom - (level / LEVELS) * (bottom - top);
    const colour = meta.bars[data.status[row]];
    const graph = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", id: "chart" });
    graph.setAttribute("aria-label", indicatorName(data.indicator[row]));
    for (let level = 0; level <= 4; level++) {
      graph.append(svg("line", { x1: left, x2: right, y1: y((level * LEVELS) / 4), y2: y((level * LEVELS) / 4), stroke: "#ececec" }));
    }
    w.months.forEach((name, k) => graph.append(svg("text", { x: x(k + 1), y: height - 10, "text-anchor": "middle", "font-size": width < 480 ? 11.5 : 13, fill: "#6b6b6b" }, name)));
    if (target !== null) {
      graph.append(svg("line", { x1: left, x2: right, y1: y(target), y2: y(target), stroke: "#000", "stroke-width": 1.3, "stroke-dasharray": "1.5 3" }));
      graph.append(svg("text", { x: left + 2, y: y(target) - 5, "font-size": 13 }, w.legend_target + ": " + text(data, "target", row)));
    }
    const line = (points, style) => {
      if (points.length) graph.append(svg("polyline", { points: points.map(([m, v]) => `${x(m)},${y(v)}`).join(" "), fill: "none", ...style }));
    };
    line(plan, { stroke: "#6b6b6b", "stroke-width": 1.4 });
    plan.forEach(([m, v]) => graph.append(svg("circle", { cx: x(m), cy: y(v), r: 3.5, fill: "#fff", stroke: "#6b6b6b", "stroke-width": 1.4 })));
    line(projected, { stroke: colour, "stroke-width": 2.4, "stroke-dasharray": "7 4" });
    line(actual, { stroke: "#1a1a1a", "stroke-width": 2.8 });
    actual.forEach(([m, v]) => graph.append(svg("circle", { cx: x(m), cy: y(v), r: 4, fill: "#1a1a1a" })));
    if (actual.length && data.attainment[row] !== null) {
      const [m, v] = actual[actual.length - 1];
      const ahead = m <= 6;
      graph.append(svg("text", {
        x: x(m) + (ahead ? 10 : -10), y: y(v) + 18, "text-anchor": ahead ? "start" : "end",
        "font-size": 14, "font-weight": 700, stroke: "#fff", "stroke-width": 4, "paint-order": "stroke",
      }, w.reached.replace("{pct}", text(data, "attained", row))));
    }
    const key = (label, style) => el("li", null, svg("svg", { viewBox: "0 0 26 10" }, svg("line", { x1: 1, x2: 25, y1: 5, y2: 5, ...style })), label);
    const legend = el("ul", { class: "legend" },
      key(indicators.flow[data.indicator[row]] ? w.legend_actual : w.legend_level, { stroke: "#1a1a1a", "stroke-width": 3 }),
      key(w.legend_plan, { stroke: "#6b6b6b", "stroke-width": 1.5 }),
      key(w.legend_projected, { stroke: colour, "stroke-width": 2.5, "stroke-dasharray": "6 3" }),
      key(w.legend_target, { stroke: "#000", "stroke-width": 1.5, "stroke-dasharray": "1.5 3" }));
    return el("figure", { class: "chart", style: "margin:0" }, graph, legend);
  }
  // As wide in SVG units as on screen (up to the chart's 780 px), so that the labels keep their
  // size on a phone instead of shrinking with the drawing; redrawn when the width changes a lot.
  function chartWidth() {
    return Math.round(Math.max(300, Math.min(780, app.clientWidth - 20)));
  }
  window.addEventListener("resize", () => {
    const drawn = document.getElementById("chart");
    if (drawn && Math.abs(drawn.viewBox.baseVal.width - chartWidth()) > 40) render();
  });

  // The target, then 12 months each of the actual, plan and projected paths (tracker/report/dashboard.py).
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
    const path = (first) => {
      const points = [];
      for (let month = 1; month <= 12; month++) {
        const value = values[first + month - 1];
        if (value !== null) points.push([month, value]);
      }
      return points;
    };
    return [values[0], path(1), path(13), path(25)];
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
