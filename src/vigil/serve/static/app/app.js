"use strict";
// The watch floor: map of the organisation's sites and recent events, site panel,
// alerts inbox, timeline, article view, live updates over server-sent events.
// Data from the API is only ever put into the page as text (textContent), never HTML.
(function () {
  const state = { csrf: null, role: "viewer", sites: new Map(), layers: new Map(), map: null };

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

  const lvl = (l) => (l ? String(l) : "none");
  const badge = (l) => el("span", { class: "badge lvl-" + lvl(l), title: "level " + (l || "not assessed") }, l ? String(l) : "–");

  // ------------------------------------------------------------------ map
  function initMap() {
    const map = L.map("map", { worldCopyJump: true, zoomControl: true, keyboard: true, preferCanvas: false });
    map.setView([30, 40], 3);
    map.createPane("sites").style.zIndex = 650; // sites above event markers, clickable
    state.map = map;
    fetch("/api/v1/geo/countries", { credentials: "same-origin" })
      .then((r) => r.json())
      .then((gj) => {
        L.geoJSON(gj, { interactive: false, style: () => ({ className: "country" }) }).addTo(map).bringToBack();
      })
      .catch(() => {});
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
    marker.bindTooltip(site.name + " — level " + (site.level || "?"));
    marker.on("click", () => showSite(site.id));
    marker.on("add", () => {});
    const path = marker.getElement();
    if (path) {
      path.setAttribute("data-site", String(site.id));
      path.setAttribute("data-name", site.name);
      path.setAttribute("tabindex", "0");
      path.setAttribute("role", "button");
      path.setAttribute("aria-label", site.name + ", level " + (site.level || "not assessed"));
      path.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") showSite(site.id); });
    }
    state.layers.set(site.id, [ring, marker]);
  }

  async function loadSites() {
    const sites = await all("/api/v1/sites");
    const list = document.getElementById("site-list");
    list.replaceChildren();
    const bounds = [];
    for (const s of sites) {
      state.sites.set(s.id, s);
      drawSite(s);
      bounds.push([s.lat, s.lon]);
      list.append(el("li", {}, el("button", { type: "button", "data-site": String(s.id), onclick: () => showSite(s.id) }, badge(s.level), " ", s.name)));
    }
    if (bounds.length) state.map.fitBounds(bounds, { padding: [60, 60], maxZoom: 6 });
  }

  async function loadEvents() {
    const since = new Date(Date.now() - 60 * 86400e3).toISOString().slice(0, 10);
    const page = await api("/api/v1/events?limit=500&since=" + since);
    const events = page.items.filter((e) => e.lat !== null && e.lon !== null && !e.negated);
    events.sort((a, b) => (b.day || "").localeCompare(a.day || ""));
    const tl = document.getElementById("timeline");
    tl.replaceChildren();
    for (const e of events) {
      const m = L.circleMarker([e.lat, e.lon], { radius: 4, className: "event-marker" }).addTo(state.map);
      m.bindTooltip((e.day || "") + " " + e.category + (e.place ? " — " + e.place : ""));
      m.on("click", () => openArticle(e.article_id));
      tl.append(el("li", {},
        el("span", { class: "meta" }, (e.day || "undated") + " · " + e.category + (e.acled_subtype ? " · " + e.acled_subtype : "")), el("br"),
        el("button", { type: "button", class: "linkish", onclick: () => openArticle(e.article_id) }, (e.evidence && e.evidence[0]) || e.place || e.article_id)));
    }
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
    panel.replaceChildren(
      el("h2", { id: "site-name" }, s.name),
      el("p", { id: "site-level" }, badge(s.level), " ", el("strong", { id: "posture" }, s.posture || "not assessed yet")),
      el("p", { class: "meta" }, "score " + (s.score === null ? "–" : s.score) + " · radius " + s.radius_km + " km · " + (s.country || "") + (s.assessed_at ? " · assessed " + s.assessed_at.slice(0, 10) : "")),
      trend,
      el("h3", {}, "Why"),
      (s.reasons && s.reasons.length) ? reasons : el("p", { class: "hint" }, "No events in the window."));
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
    for (const t of ["site", "alerts", "timeline"]) {
      document.getElementById("tab-" + t).setAttribute("aria-selected", String(t === name));
      document.getElementById("panel-" + t).hidden = t !== name;
    }
  }

  async function start() {
    const me = await api("/api/v1/session");
    state.csrf = me.csrf;
    state.role = me.role;
    document.getElementById("who").textContent = me.email + " · " + me.organisation + " · " + me.role;
    const tabs = ["site", "alerts", "timeline"];
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
    initMap();
    await loadSites();
    live();
    await Promise.all([loadAlerts(), loadEvents()]);
    document.body.setAttribute("data-ready", "1");
  }

  start().catch((e) => { document.getElementById("who").textContent = "error: " + e.message; });
})();
