// Starts Swagger UI on /docs from this server's copy (swagger-ui-bundle-v2); no CDN, no inline script.
"use strict";
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", validatorUrl: null,
                                deepLinking: true, tryItOutEnabled: false });
});
