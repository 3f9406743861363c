"use strict";
// Shows the failure message when the server sent us back with ?error.
if (new URLSearchParams(window.location.search).has("error")) {
  document.getElementById("error").hidden = false;
}
