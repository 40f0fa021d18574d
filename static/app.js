// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Narrow screens: the filters fold behind a button.
  var toggle = document.querySelector("[data-filters-toggle]");
  if (toggle) {
    var panel = document.getElementById(toggle.getAttribute("aria-controls"));
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (panel) { panel.classList.toggle("open", open); }
    });
  }

  // Users table: select all on the page, count in the button, "all matching" toggle.
  var form = document.getElementById("bulk-form");
  if (form) {
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="user_id"]'));
    var pageBox = form.querySelector("[data-select-page]");
    var allMatching = form.querySelector("[data-all-matching]");
    var submit = form.querySelector("[data-bulk-submit]");
    var label = submit ? submit.getAttribute("data-label") : "";
    var refresh = function () {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      if (submit) {
        submit.textContent = allMatching && allMatching.checked ? label + " (" + allMatching.parentNode.textContent.replace(/\D+/g, "") + ")" : (n > 0 ? label + " (" + n + ")" : label);
      }
      if (pageBox) { pageBox.checked = n > 0 && n === boxes.length; pageBox.indeterminate = n > 0 && n < boxes.length; }
    };
    if (pageBox) {
      pageBox.addEventListener("change", function () {
        boxes.forEach(function (b) { b.checked = pageBox.checked; });
        refresh();
      });
    }
    boxes.forEach(function (b) { b.addEventListener("change", refresh); });
    if (allMatching) { allMatching.addEventListener("change", refresh); }
    refresh();

    // Rows waiting for delivery update by themselves.
    var poll = function () {
      var waiting = Array.prototype.slice.call(document.querySelectorAll('tr[data-status="waiting"]'));
      if (waiting.length === 0) { return; }
      var qs = waiting.map(function (r) { return "id=" + encodeURIComponent(r.getAttribute("data-id")); }).join("&");
      fetch("/admin/users/statuses?" + qs, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .then(function (data) {
          waiting.forEach(function (row) {
            var s = data[row.getAttribute("data-id")];
            if (!s || s.status === "waiting") { return; }
            row.setAttribute("data-status", s.status);
            var cell = row.querySelector(".status-cell");
            if (cell) {
              cell.textContent = "";
              var badge = document.createElement("span");
              badge.className = "status status-" + s.status;
              badge.textContent = s.label;
              cell.appendChild(badge);
              if (s.error) {
                var reason = document.createElement("span");
                reason.className = "reason";
                reason.textContent = s.error;
                cell.appendChild(reason);
              }
            }
            var last = row.querySelector(".last-invited");
            if (last && s.last_invited) { last.textContent = s.last_invited; }
          });
        })
        .catch(function () {})
        .then(function () { window.setTimeout(poll, 2000); });
    };
    window.setTimeout(poll, 1500);
  }

  // Put the cursor into the error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
