"use strict";
// The admin tab: add, edit and delete the organisation's sites, and add or change its
// presence, through the same API as everyone else (the server checks the role; this
// tab is only shown to admins). A separate file because the CSP allows no inline
// script; it starts once app.js has signed in and loaded the page ("vigil:ready").
document.addEventListener("vigil:ready", () => {
  const v = window.vigil;
  if (v.state.role !== "admin") return;
  const $ = (id) => document.getElementById(id);
  const status = $("admin-status");
  const say = (text, error) => { status.textContent = text; status.className = error ? "error" : ""; };
  const presenceLabel = (p) => p.country + (p.who ? " · " + p.who : "") + " (" + p.people + ")";

  // -------------------------------------------------------------- sites
  const siteForm = $("site-form"), sitePick = $("site-pick"), del = $("site-delete");
  const fields = { name: $("f-name"), lat: $("f-lat"), lon: $("f-lon"), radius_km: $("f-radius"), people: $("f-people"), kind: $("f-kind") };

  function fillSitePick(chosen) {
    sitePick.replaceChildren(v.el("option", { value: "" }, "a new site"));
    const sites = [...v.state.sites.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const s of sites) sitePick.append(v.el("option", { value: String(s.id) }, s.name));
    sitePick.value = chosen && v.state.sites.has(Number(chosen)) ? String(chosen) : "";
    showSiteForm();
  }

  function disarm() {
    del.classList.remove("armed");
    del.textContent = "Delete site";
  }

  function showSiteForm() {
    const s = v.state.sites.get(Number(sitePick.value));
    fields.name.value = s ? s.name : "";
    fields.lat.value = s ? s.lat : "";
    fields.lon.value = s ? s.lon : "";
    fields.radius_km.value = s ? s.radius_km : 10;
    fields.people.value = s ? s.people : 0;
    fields.kind.value = s ? s.kind || "site" : "site";
    $("site-save").textContent = s ? "Save site" : "Add site";
    del.hidden = !s;
    disarm();
  }

  siteForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!siteForm.reportValidity()) return;
    const body = {
      name: fields.name.value.trim(), lat: Number(fields.lat.value), lon: Number(fields.lon.value),
      radius_km: Number(fields.radius_km.value), people: Number(fields.people.value), kind: fields.kind.value.trim(),
    };
    const id = sitePick.value;
    try {
      const saved = await v.api(id ? "/api/v1/sites/" + id : "/api/v1/sites", { method: id ? "PATCH" : "POST", body: JSON.stringify(body) });
      await v.loadSites(false);
      fillSitePick(saved.id);
      say((id ? "Saved " : "Added ") + saved.name + ".");
    } catch (err) { say("Not saved: " + err.message, true); }
  });

  // Deleting takes the site's history, alerts and subscriptions with it: a second click confirms.
  del.addEventListener("click", async () => {
    const s = v.state.sites.get(Number(sitePick.value));
    if (!s) return;
    if (!del.classList.contains("armed")) {
      del.classList.add("armed");
      del.textContent = "Confirm: delete " + s.name + " and its history";
      say("Press again to delete " + s.name + " with its assessments, alerts and subscriptions.");
      return;
    }
    try {
      await v.api("/api/v1/sites/" + s.id, { method: "DELETE", body: "{}" });
      await v.loadSites(false);
      fillSitePick("");
      const shown = $("site-name");
      if (shown && shown.textContent === s.name) {
        $("site-panel").replaceChildren(v.el("p", { class: "hint" }, "Choose a site on the map or in the list."));
      }
      say("Deleted " + s.name + ".");
    } catch (err) { disarm(); say("Not deleted: " + err.message, true); }
  });
  sitePick.addEventListener("change", () => { showSiteForm(); say(""); });

  // -------------------------------------------------------------- presence
  const presForm = $("presence-form"), presPick = $("presence-pick");
  const pf = { country: $("p-country"), who: $("p-who"), people: $("p-people") };

  function fillPresencePick(chosen) {
    presPick.replaceChildren(v.el("option", { value: "" }, "new presence"));
    for (const p of v.state.presence) presPick.append(v.el("option", { value: String(p.id) }, presenceLabel(p)));
    presPick.value = chosen && v.state.presence.some((p) => p.id === Number(chosen)) ? String(chosen) : "";
    showPresenceForm();
  }

  function showPresenceForm() {
    const p = v.state.presence.find((x) => x.id === Number(presPick.value));
    pf.country.value = p ? p.country : "";
    pf.country.disabled = Boolean(p); // a presence's country is its identity: add a new one instead
    pf.who.value = p ? p.who : "";
    pf.people.value = p ? p.people : 0;
    $("presence-save").textContent = p ? "Save presence" : "Add presence";
  }

  presForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!presForm.reportValidity()) return;
    const id = presPick.value;
    const body = { who: pf.who.value.trim(), people: Number(pf.people.value) };
    if (!id) body.country = pf.country.value.trim();
    try {
      const saved = await v.api(id ? "/api/v1/presence/" + id : "/api/v1/presence", { method: id ? "PATCH" : "POST", body: JSON.stringify(body) });
      await v.loadPresence();
      fillPresencePick(saved.id);
      say((id ? "Saved " : "Added ") + presenceLabel(saved) + ".");
    } catch (err) { say("Not saved: " + err.message, true); }
  });
  presPick.addEventListener("change", () => { showPresenceForm(); say(""); });

  fillSitePick("");
  fillPresencePick("");
});
