"use strict";
// Shows the failure message when the server sent us back with ?error
// (?error=throttled: too many failed sign-ins on this account or from here).
const failure = new URLSearchParams(window.location.search).get("error");
if (failure !== null) {
  const box = document.getElementById("error");
  if (failure === "throttled") {
    box.textContent = "Too many failed sign-ins: wait a minute, then try again.";
  }
  box.hidden = false;
}
