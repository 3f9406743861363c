"use strict";
// Swagger UI from the installed swagger-ui-bundle wheel, reading our schema.
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", validatorUrl: null });
});
