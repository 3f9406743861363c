"use strict";
// The watch floor: map of the organisation's sites and recent events, site panel,
// alerts inbox, timeline, article view, live updates over server-sent events.
// Data from the API is only ever put into the page as text (textContent), never HTML.
(function () {
  const state = {
    csrf: null, role: "viewer", sites: new Map(), layers: new Map(), map: null,
    countries: new Map(), presence: [], presenceLayers: [], events: [], eventLayers: [],
    timeline: { site: "", day: null, events: [] },
  };
  const SVG = "http://www.w3.org/2000/svg";
  const DAYS = 60; // the map's and the timeline's window

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined) node.setAttribute(k, v);
    }
    for (const c of children) node.append(c === null || c === undefined ? "" : c);
    return node;
  }

  async function api(path, options) {
    const opts = Object.assign({ credentials: "same-origin", headers: {} }, options || {});
    if (opts.method && opts.method !== "GET") {
      opts.headers["X-CSRF-Token"] = state.csrf;
      opts.headers["Content-Type"] = "application/json";
    }
    const r = await fetch(path, opts);
    if (r.status === 401) { window.location.assign("/login"); throw new Error("signed out"); }
    if (!r.ok) {
      let msg = r.statusText;
      try { msg = (await r.json()).error.message; } catch (e) { /* not JSON */ }
      throw new Error(msg);
    }
    return r.status === 204 ? null : r.json();
  }

  async function all(path) {
    let items = [], cursor = null;
    const sep = path.includes("?") ? "&" : "?";
    do {
      const page = await api(path + sep + "limit=500" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
      items = items.concat(page.items);
      cursor = page.cursor;
    } while (cursor && items.length < 20000);
    return items;
  }

  // Leaflet puts a string tooltip into the page as HTML: give it a text node instead.
  const tip = (text) => el("span", {}, text);
  const people = (n) => (n === 1 ? "1 person" : (n || 0).toLocaleString() + " people");
  const lvl = (l) => (l ? String(l) : "none");
  const badge = (l) => el("span", { class: "badge lvl-" + lvl(l), title: "level " + (l || "not assessed") }, l ? String(l) : "–");

  // ------------------------------------------------------------------ map
  function initMap() {
    const map = L.map("map", { worldCopyJump: true, zoomControl: true, keyboard: true, preferCanvas: false });
    map.setView([30, 40], 3);
    map.createPane("presence").style.zIndex = 640; // presence counts above events
    map.createPane("sites").style.zIndex = 650; // sites above event markers, clickable
    state.map = map;
    fetch("/api/v1/geo/countries", { credentials: "same-origin" })
      .then((r) => r.json())
      .then((gj) => {
        L.geoJSON(gj, { interactive: false, style: () => ({ className: "country" }) }).addTo(map).bringToBack();
        for (const f of gj.features) {
          if (f.properties.iso_a3) state.countries.set(f.properties.iso_a3, f.properties);
        }
        drawPresence();
      })
      .catch(() => {});
  }

  // ------------------------------------------------------------------ presence
  async function loadPresence() {
    state.presence = await all("/api/v1/presence");
    drawPresence();
  }

  // One marker per country with people in it, at the country's label point, with the count.
  function drawPresence() {
    state.presenceLayers.forEach((l) => l.remove());
    state.presenceLayers = [];
    const byCountry = new Map();
    for (const p of state.presence) {
      const x = byCountry.get(p.country) || { people: 0, who: [] };
      x.people += p.people || 0;
      if (p.who) x.who.push(p.who + " " + (p.people || 0));
      byCountry.set(p.country, x);
    }
    for (const [code, x] of byCountry) {
      const c = state.countries.get(code);
      if (!c || !c.label) continue;
      const m = L.circleMarker([c.label[1], c.label[0]], {
        radius: 12, className: "presence-marker", pane: "presence", interactive: true,
      }).addTo(state.map);
      m.bindTooltip(tip((c.name || code) + ": " + people(x.people)), { permanent: true, direction: "left", className: "presence-label" });
      const path = m.getElement();
      if (path) {
        path.setAttribute("data-country", code);
        path.setAttribute("data-people", String(x.people));
        path.setAttribute("aria-label", (c.name || code) + ": " + people(x.people) + (x.who.length ? " (" + x.who.join(", ") + ")" : ""));
      }
      state.presenceLayers.push(m);
    }
  }

  function drawSite(site) {
    const old = state.layers.get(site.id);
    if (old) old.forEach((l) => l.remove());
    const cls = "m-" + lvl(site.level);
    const ring = L.circle([site.lat, site.lon], {
      radius: (site.radius_km || 10) * 1000, className: "site-ring " + cls, interactive: false,
    }).addTo(state.map);
    const marker = L.circleMarker([site.lat, site.lon], {
      radius: 9, className: "site-marker " + cls + " site-" + site.id, pane: "sites",
    }).addTo(state.map);
    marker.bindTooltip(tip(site.name + " — level " + (site.level || "?") + " · " + people(site.people)));
    marker.on("click", () => showSite(site.id));
    marker.on("add", () => {});
    const path = marker.getElement();
    if (path) {
      path.setAttribute("data-site", String(site.id));
      path.setAttribute("data-name", site.name);
      path.setAttribute("data-people", String(site.people || 0));
      path.setAttribute("tabindex", "0");
      path.setAttribute("role", "button");
      path.setAttribute("aria-label", site.name + ", level " + (site.level || "not assessed") + ", " + people(site.people));
      path.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") showSite(site.id); });
    }
    state.layers.set(site.id, [ring, marker]);
  }

  // (Re)draw every site; a site deleted since the last load leaves the map too.
  async function loadSites(fit = true) {
    const sites = await all("/api/v1/sites");
    state.layers.forEach((layers) => layers.forEach((l) => l.remove()));
    state.layers.clear();
    state.sites.clear();
    const list = document.getElementById("site-list");
    list.replaceChildren();
    const select = document.getElementById("timeline-site");
    select.replaceChildren(el("option", { value: "" }, "every event"));
    const bounds = [];
    for (const s of sites) {
      select.append(el("option", { value: String(s.id) }, s.name));
      state.sites.set(s.id, s);
      drawSite(s);
      bounds.push([s.lat, s.lon]);
      list.append(el("li", {}, el("button", { type: "button", "data-site": String(s.id), onclick: () => showSite(s.id) }, badge(s.level), " ", s.name)));
    }
    if (fit && bounds.length) state.map.fitBounds(bounds, { padding: [60, 60], maxZoom: 6 });
  }

  const since = () => new Date(Date.now() - DAYS * 86400e3).toISOString().slice(0, 10);

  async function loadEvents() {
    const page = await api("/api/v1/events?limit=500&since=" + since());
    state.events = page.items.filter((e) => e.lat !== null && e.lon !== null && !e.negated);
    state.eventLayers.forEach((l) => l.remove());
    state.eventLayers = state.events.map((e) => {
      const m = L.circleMarker([e.lat, e.lon], { radius: 4, className: "event-marker" }).addTo(state.map);
      m.bindTooltip(tip((e.day || "") + " " + e.category + (e.place ? " — " + e.place : "")));
      m.on("click", () => openArticle(e.article_id));
      return m;
    });
    if (!state.timeline.site) { state.timeline.events = state.events; renderTimeline(); }
  }

  // ------------------------------------------------------------------ timeline
  // Events per day over the window as an SVG bar chart (drawn here: no inline script or
  // style, so the strict CSP holds), for every event or one site's; a bar lists its day.
  async function timelineFor(siteId) {
    state.timeline.site = siteId ? String(siteId) : "";
    state.timeline.day = null;
    document.getElementById("timeline-site").value = state.timeline.site;
    if (!siteId) { state.timeline.events = state.events; renderTimeline(); return; }
    const page = await api("/api/v1/events?limit=500&since=" + since() + "&site=" + siteId);
    if (state.timeline.site !== String(siteId)) return; // another choice came first
    state.timeline.events = page.items.filter((e) => !e.negated);
    renderTimeline();
  }

  function renderTimeline() {
    const { events, day, site } = state.timeline;
    const first = new Date(since() + "T00:00:00Z");
    const days = [];
    for (let i = 0; i <= DAYS; i++) days.push(new Date(first.getTime() + i * 86400e3).toISOString().slice(0, 10));
    const perDay = new Map(days.map((d) => [d, { n: 0, dead: 0 }]));
    for (const e of events) {
      const x = perDay.get(e.day);
      if (x) { x.n += 1; x.dead += e.fatalities || 0; }
    }
    const max = Math.max(1, ...Array.from(perDay.values(), (x) => x.n));
    const W = 600, H = 140, pad = 18, bw = (W - 2 * pad) / days.length;
    const svg = document.createElementNS(SVG, "svg");
    const siteName = site ? (state.sites.get(Number(site)) || {}).name : null;
    svg.setAttribute("viewBox", "0 0 " + W + " " + (H + 2 * pad));
    svg.setAttribute("class", "timeline-svg");
    svg.setAttribute("role", "group");
    svg.setAttribute("aria-label", "Events per day, " + days[0] + " to " + days[days.length - 1] + (siteName ? ", " + siteName : ""));
    const text = (x, y, anchor, value, cls) => {
      const t = document.createElementNS(SVG, "text");
      t.setAttribute("x", x); t.setAttribute("y", y); t.setAttribute("text-anchor", anchor);
      t.setAttribute("class", cls || "axis"); t.textContent = value;
      svg.append(t);
    };
    const axis = document.createElementNS(SVG, "line");
    for (const [k, v] of Object.entries({ x1: pad, x2: W - pad, y1: H + pad, y2: H + pad, class: "axis-line" })) axis.setAttribute(k, v);
    svg.append(axis);
    days.forEach((d, i) => {
      const x = perDay.get(d);
      if (!x.n) return;
      const h = Math.max(2, (x.n / max) * H);
      const r = document.createElementNS(SVG, "rect");
      r.setAttribute("x", (pad + i * bw + 1).toFixed(1));
      r.setAttribute("y", (H + pad - h).toFixed(1));
      r.setAttribute("width", Math.max(1, bw - 2).toFixed(1));
      r.setAttribute("height", h.toFixed(1));
      r.setAttribute("class", "bar" + (x.dead ? " deadly" : "") + (d === day ? " chosen" : ""));
      r.setAttribute("data-day", d);
      r.setAttribute("data-count", String(x.n));
      r.setAttribute("tabindex", "0");
      r.setAttribute("role", "button");
      const label = d + ": " + x.n + " event" + (x.n > 1 ? "s" : "") + (x.dead ? ", " + x.dead + " killed" : "");
      r.setAttribute("aria-label", label);
      const title = document.createElementNS(SVG, "title");
      title.textContent = label;
      r.append(title);
      const choose = () => { state.timeline.day = state.timeline.day === d ? null : d; renderTimeline(); };
      r.addEventListener("click", choose);
      r.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); choose(); } });
      svg.append(r);
    });
    text(pad, H + 2 * pad - 2, "start", days[0]);
    text(W - pad, H + 2 * pad - 2, "end", days[days.length - 1]);
    text(pad, pad - 6, "start", max + " / day");
    document.getElementById("timeline-chart").replaceChildren(svg);
    const shown = events.filter((e) => !day || e.day === day).sort((a, b) => (b.day || "").localeCompare(a.day || ""));
    document.getElementById("timeline-caption").textContent = events.length + " event" + (events.length === 1 ? "" : "s") +
      " in " + DAYS + " days" + (siteName ? " within " + siteName + "'s radius" : "") + (day ? "; showing " + day : "");
    document.getElementById("timeline-day-clear").hidden = !day;
    const tl = document.getElementById("timeline");
    tl.replaceChildren(...shown.map((e) => el("li", {},
      el("span", { class: "meta" }, (e.day || "undated") + " · " + e.category + (e.acled_subtype ? " · " + e.acled_subtype : "") + (e.fatalities ? " · " + e.fatalities + " killed" : "")), el("br"),
      el("button", { type: "button", class: "linkish", onclick: () => openArticle(e.article_id) }, (e.evidence && e.evidence[0]) || e.place || e.article_id))));
  }

  // ------------------------------------------------------------------ site panel
  async function showSite(id) {
    selectTab("site");
    const panel = document.getElementById("site-panel");
    const s = await api("/api/v1/sites/" + id);
    state.sites.set(s.id, Object.assign(state.sites.get(s.id) || {}, s));
    const reasons = el("ol", { class: "reasons", id: "reasons" });
    for (const r of s.reasons || []) {
      reasons.append(el("li", { class: "reason" },
        el("strong", {}, r.category + (r.fatalities ? ", " + r.fatalities + " killed" : "")),
        " ", el("span", { class: "meta" }, [r.relation, r.distance_km !== null && r.distance_km !== undefined ? r.distance_km + " km" : "", r.date].filter(Boolean).join(" · ")),
        el("blockquote", { class: "evidence" }, r.sentence || ""),
        el("button", { type: "button", class: "linkish", onclick: () => openArticle(r.article_id) }, (r.title || r.article_id) + (r.source ? " — " + r.source : "")),
        el("span", { class: "meta" }, " +" + (r.contribution || 0).toFixed(1))));
    }
    let trend = el("p", { class: "meta", id: "trend" }, "");
    const here = state.presence.filter((p) => p.country === s.country);
    const inCountry = here.reduce((n, p) => n + (p.people || 0), 0);
    const crowd = el("p", { id: "site-people" }, people(s.people) + " at the site",
      here.length ? " · " + people(inCountry) + " in " + ((state.countries.get(s.country) || {}).name || s.country) +
        " (" + here.map((p) => (p.who || "presence") + " " + p.people).join(", ") + ")" : "");
    panel.replaceChildren(
      el("h2", { id: "site-name" }, s.name),
      el("p", { id: "site-level" }, badge(s.level), " ", el("strong", { id: "posture" }, s.posture || "not assessed yet")),
      el("p", { class: "meta" }, "score " + (s.score === null ? "–" : s.score) + " · radius " + s.radius_km + " km · " + (s.country || "") + (s.assessed_at ? " · assessed " + s.assessed_at.slice(0, 10) : "")),
      crowd,
      trend,
      el("h3", {}, "Why"),
      (s.reasons && s.reasons.length) ? reasons : el("p", { class: "hint" }, "No events in the window."));
    timelineFor(id).catch(() => {});
    api("/api/v1/sites/" + id + "/history?limit=10").then((h) => {
      const levels = h.items.map((x) => x.level).reverse();
      if (levels.length > 1) {
        const d = levels[levels.length - 1] - levels[levels.length - 2];
        trend.textContent = "trend: " + (d > 0 ? "rising" : d < 0 ? "falling" : "steady") + " (" + levels.join(" → ") + ")";
      }
    }).catch(() => {});
  }

  // ------------------------------------------------------------------ article view
  async function openArticle(id) {
    const a = await api("/api/v1/articles/" + encodeURIComponent(id));
    const rec = a.record || {};
    const text = a.text || "";
    const marks = [];
    for (const ent of rec.entities || []) for (const m of ent.mentions || []) if (Number.isInteger(m.start)) marks.push([m.start, m.end, "hl-entity", ent.name || ""]);
    for (const p of rec.places || []) if (Number.isInteger(p.start)) marks.push([p.start, p.end, "hl-place", p.name || ""]);
    for (const ev of rec.events || []) for (const sent of ev.evidence || []) {
      const at = text.indexOf(sent);
      if (at >= 0) marks.push([at, at + sent.length, "hl-event", ev.category || ""]);
    }
    // Cut the text at every mark's ends; each piece carries the classes of all marks
    // covering it, so a place inside an event's sentence is both shaded and underlined.
    const cuts = new Set([0, text.length]);
    for (const [start, end] of marks) if (start >= 0 && end <= text.length && start < end) { cuts.add(start); cuts.add(end); }
    const points = Array.from(cuts).sort((x, y) => x - y);
    const out = document.getElementById("article-text");
    out.replaceChildren();
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const covering = marks.filter(([start, end]) => start <= a && end >= b);
      const piece = text.slice(a, b);
      if (!covering.length) { out.append(piece); continue; }
      const classes = Array.from(new Set(covering.map((m) => m[2]))).join(" ");
      out.append(el("span", { class: classes, title: covering.map((m) => m[3]).filter(Boolean).join(", ") }, piece));
    }
    document.getElementById("article-title").textContent = a.title || a.id;
    document.getElementById("article-meta").textContent = [a.published, a.url || a.source].filter(Boolean).join(" · ");
    document.getElementById("article").showModal();
  }

  // ------------------------------------------------------------------ alerts
  function alertItem(a) {
    const li = el("li", { id: "alert-" + a.id, class: "alert" + (a.acknowledged_at ? " acked" : "") },
      badge(a.level), " ", el("strong", { class: "headline" }, a.headline), el("br"),
      el("span", { class: "meta" }, (a.created_at || "").slice(0, 16).replace("T", " ") + " · " + a.site + (a.acknowledged_by ? " · acknowledged by " + a.acknowledged_by : "")));
    if (!a.acknowledged_at && (state.role === "analyst" || state.role === "admin")) {
      li.append(" ", el("button", { type: "button", class: "ack", "data-alert": String(a.id), onclick: async (e) => {
        e.target.disabled = true;
        try { li.replaceWith(alertItem(await api("/api/v1/alerts/" + a.id + "/ack", { method: "POST", body: "{}" }))); countOpen(); }
        catch (err) { e.target.disabled = false; e.target.textContent = "retry: " + err.message; }
      } }, "Acknowledge"));
    }
    return li;
  }

  function countOpen() {
    const n = document.querySelectorAll("#alerts li.alert:not(.acked)").length;
    document.getElementById("open-count").textContent = n ? "(" + n + ")" : "";
  }

  async function loadAlerts() {
    const page = await api("/api/v1/alerts?limit=100");
    const list = document.getElementById("alerts");
    list.replaceChildren(...page.items.map(alertItem));
    countOpen();
  }

  // ------------------------------------------------------------------ live
  function live() {
    const badgeEl = document.getElementById("live");
    const es = new EventSource("/api/v1/stream");
    es.addEventListener("ready", () => { badgeEl.textContent = "live"; badgeEl.className = "live on"; });
    es.onerror = () => { badgeEl.textContent = "reconnecting"; badgeEl.className = "live off"; };
    es.addEventListener("alert", async (msg) => {
      const a = JSON.parse(msg.data);
      if (document.getElementById("alert-" + a.id)) return;
      const full = await api("/api/v1/alerts/" + a.id);
      const li = alertItem(full);
      li.classList.add("new");
      document.getElementById("alerts").prepend(li);
      countOpen();
    });
    es.addEventListener("assessment", (msg) => {
      const x = JSON.parse(msg.data);
      if (x.subject_type !== "site") return;
      for (const s of state.sites.values()) {
        if (s.name === x.subject) {
          s.level = x.level; s.posture = x.posture;
          drawSite(s);
          const b = document.querySelector('#site-list button[data-site="' + s.id + '"] .badge');
          if (b) b.replaceWith(badge(s.level));
        }
      }
    });
  }

  // ------------------------------------------------------------------ tabs, start
  function selectTab(name) {
    for (const t of ["site", "alerts", "timeline", "admin"]) {
      document.getElementById("tab-" + t).setAttribute("aria-selected", String(t === name));
      document.getElementById("panel-" + t).hidden = t !== name;
    }
  }

  async function start() {
    const me = await api("/api/v1/session");
    state.csrf = me.csrf;
    state.role = me.role;
    document.getElementById("who").textContent = me.email + " · " + me.organisation + " · " + me.role;
    // admins also get the admin tab (admin.js fills it; the API checks the role anyway)
    const tabs = me.role === "admin" ? ["site", "alerts", "timeline", "admin"] : ["site", "alerts", "timeline"];
    document.getElementById("tab-admin").hidden = me.role !== "admin";
    tabs.forEach((t, i) => {
      const tab = document.getElementById("tab-" + t);
      tab.addEventListener("click", () => selectTab(t));
      tab.addEventListener("keydown", (e) => { // arrow keys move between tabs (WAI-ARIA tabs)
        const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (!step) return;
        const next = tabs[(i + step + tabs.length) % tabs.length];
        selectTab(next);
        document.getElementById("tab-" + next).focus();
      });
    });
    document.getElementById("article-close").addEventListener("click", () => document.getElementById("article").close());
    document.getElementById("logout").addEventListener("click", async () => {
      await api("/logout", { method: "POST", body: "{}" }).catch(() => {});
      window.location.assign("/login");
    });
    document.getElementById("timeline-site").addEventListener("change", (e) => timelineFor(e.target.value).catch(() => {}));
    document.getElementById("timeline-day-clear").addEventListener("click", () => { state.timeline.day = null; renderTimeline(); });
    initMap();
    await loadSites();
    live();
    await Promise.all([loadAlerts(), loadEvents(), loadPresence()]);
    // what admin.js (a separate file: the CSP allows no inline script) builds on
    window.vigil = { api, el, state, loadSites, loadPresence, showSite, selectTab };
    document.dispatchEvent(new CustomEvent("vigil:ready"));
    document.body.setAttribute("data-ready", "1");
  }

  start().catch((e) => { document.getElementById("who").textContent = "error: " + e.message; });
})();
