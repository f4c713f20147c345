/* restwell browsable API: send PUT, PATCH, DELETE and OPTIONS from HTML forms,
 * and raw-data forms with their chosen content type. Loaded as an external file
 * so the page can run under a strict Content-Security-Policy (no inline script).
 * Everything else on the page works without JavaScript. */
(function () {
  "use strict";

  function config() {
    var node = document.getElementById("rw-config");
    if (!node) { return {}; }
    try { return JSON.parse(node.textContent); } catch (e) { return {}; }
  }

  function csrfToken(cfg) {
    var name = cfg.csrfCookieName || "csrftoken";
    var parts = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < parts.length; i++) {
      var pair = parts[i].trim();
      if (pair.indexOf(name + "=") === 0) {
        return decodeURIComponent(pair.substring(name.length + 1));
      }
    }
    return cfg.csrfToken || "";
  }

  function showPage(html) {
    // Parse the returned page and swap it in. Scripts in it are not executed:
    // this file keeps working because its listener lives on `document`.
    // Only the title and body change: swapping the whole document would drop
    // the icon link for a moment and make the browser fetch /favicon.ico.
    var doc = new DOMParser().parseFromString(html, "text/html");
    document.title = doc.title;
    document.documentElement.replaceChild(document.adoptNode(doc.body), document.body);
    window.scrollTo(0, 0);
  }

  function send(form, method, submitter) {
    var cfg = config();
    var headers = { "Accept": "text/html; q=1.0, */*" };
    headers[cfg.csrfHeaderName || "X-CSRFToken"] = csrfToken(cfg);
    var body = null;
    if (form.hasAttribute("data-raw")) {
      var type = form.querySelector("[data-override='content-type']");
      var content = form.querySelector("[data-override='content']");
      if (type && type.value) { headers["Content-Type"] = type.value; }
      body = content ? content.value : "";
    } else if (method !== "OPTIONS" && method !== "DELETE") {
      body = new FormData(form);
    }
    if (submitter) { submitter.disabled = true; }
    fetch(form.getAttribute("action") || window.location.href, {
      method: method,
      headers: headers,
      body: body,
      credentials: "same-origin"
    }).then(function (response) {
      return response.text();
    }).then(showPage, function () {
      if (submitter) { submitter.disabled = false; }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    var submitter = event.submitter || null;
    var method = (submitter && submitter.getAttribute("data-method")) ||
      form.getAttribute("data-method");
    if (!method && !form.hasAttribute("data-raw")) { return; }  // plain POST: let the browser do it
    event.preventDefault();
    send(form, (method || form.getAttribute("method") || "POST").toUpperCase(), submitter);
  });
})();
