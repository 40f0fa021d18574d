// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Narrow screens: the navigation and the filters fold behind a button each.
  var toggles = document.querySelectorAll("[data-nav-toggle], [data-filters-toggle]");
  Array.prototype.forEach.call(toggles, function (toggle) {
    var panel = document.getElementById(toggle.getAttribute("aria-controls"));
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (panel) { panel.classList.toggle("open", open); }
    });
  });

  // The invite form: "One by one" and "Many addresses" as tabs (without this file both show,
  // one above the other). Both parts are sent either way: a tab only hides its part.
  Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), function (box) {
    var list = box.querySelector('[role="tablist"]');
    var tabs = Array.prototype.slice.call(box.querySelectorAll('[role="tab"]'));
    var panelOf = function (tab) { return document.getElementById(tab.getAttribute("aria-controls")); };
    var select = function (tab, focus) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        var panel = panelOf(t);
        if (panel) { panel.hidden = !on; }
      });
      if (focus) { tab.focus(); }
    };
    tabs.forEach(function (t, i) {
      var panel = panelOf(t);
      if (panel) { panel.setAttribute("role", "tabpanel"); panel.setAttribute("aria-labelledby", t.id); }
      t.addEventListener("click", function () { select(t, false); });
      t.addEventListener("keydown", function (e) {
        var to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
        if (to === undefined) { return; }
        e.preventDefault();
        select(tabs[(to + tabs.length) % tabs.length], true);
      });
    });
    if (list) { list.hidden = false; }
    select(tabs.filter(function (t) { return t.getAttribute("aria-selected") === "true"; })[0] || tabs[0], false);
    // A link to a field on a hidden tab (the error summary's) shows that tab first.
    document.addEventListener("click", function (e) {
      var link = e.target.closest ? e.target.closest('a[href^="#"]') : null;
      var target = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
      var panel = target ? target.closest("[data-tab-panel]") : null;
      if (!panel || !panel.hidden || !box.contains(panel)) { return; }
      tabs.forEach(function (t) { if (panelOf(t) === panel) { select(t, false); } });
    });
  });

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
              // Sent or failed: the row's own "Invite again", as the page draws it.
              var again = form.getAttribute("data-invite-again");
              if (again && (s.status === "invited" || s.status === "error")) {
                var id = row.getAttribute("data-id");
                var button = document.createElement("button");
                button.type = "submit";
                button.name = "row";
                button.value = id;
                button.className = "link-button row-invite";
                button.id = "ri-" + id;
                button.setAttribute("aria-labelledby", "ri-" + id + " rn-" + id);
                button.textContent = again;
                cell.appendChild(button);
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

  // Invitations list: select all ticked rows, count in the buttons, confirm a bulk revoke.
  var ticked = document.getElementById("ticked-form");
  if (ticked) {
    var tboxes = Array.prototype.slice.call(document.querySelectorAll('input[form="ticked-form"][name="invitation_id"]'));
    var tpage = document.querySelector("[data-select-ticked]");
    var tbuttons = Array.prototype.slice.call(ticked.querySelectorAll("[data-ticked-submit]"));
    var tcount = function () {
      var n = tboxes.filter(function (b) { return b.checked; }).length;
      tbuttons.forEach(function (b) { b.textContent = b.getAttribute("data-label") + (n > 0 ? " (" + n + ")" : ""); });
      if (tpage) { tpage.checked = n > 0 && n === tboxes.length; tpage.indeterminate = n > 0 && n < tboxes.length; }
    };
    if (tpage) {
      tpage.addEventListener("change", function () {
        tboxes.forEach(function (b) { b.checked = tpage.checked; });
        tcount();
      });
    }
    tboxes.forEach(function (b) { b.addEventListener("change", tcount); });
    tbuttons.forEach(function (b) {
      var question = b.getAttribute("data-confirm");
      if (question) {
        b.addEventListener("click", function (e) {
          if (!window.confirm(question)) { e.preventDefault(); return; }
          // Asked and answered here: the server need not ask again on a page of its own.
          var f = b.form;
          if (f && !f.querySelector("input[name='confirm']")) {
            var c = document.createElement("input");
            c.type = "hidden"; c.name = "confirm"; c.value = "1";
            f.appendChild(c);
          }
        });
      }
    });
    tcount();
  }

  // A bulk send's progress page: the bar and the counts follow the batch until it is done.
  var batch = document.querySelector("[data-batch]");
  if (batch && !batch.hasAttribute("data-done")) {
    var bar = document.getElementById("batch-bar");
    var stateLine = batch.querySelector("[data-batch-state]");
    var follow = function () {
      fetch("/admin/invitations/batches/" + encodeURIComponent(batch.getAttribute("data-batch")) + "/progress",
            { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (!p) { return false; }
          if (bar) { bar.max = p.total; bar.value = p.handled; bar.textContent = p.handled + " / " + p.total; }
          ["queued", "sent", "failed", "cancelled"].forEach(function (k) {
            var cell = batch.querySelector('[data-count="' + k + '"]');
            if (cell) { cell.textContent = String(p[k]); }
          });
          if (stateLine && stateLine.textContent !== p.state) { stateLine.textContent = p.state; }
          if (p.done) { batch.setAttribute("data-done", ""); }
          return p.done;
        })
        .catch(function () { return false; })
        .then(function (done) { if (!done) { window.setTimeout(follow, 1500); } });
    };
    window.setTimeout(follow, 1000);
  }

  // An import's progress page: rows written, then invitations sent, until both are done; at
  // the end the page is loaded again for the summary and the final outcome of every row.
  // Import review: the commit button says what ticking "create the missing departments" adds.
  var commitForm = document.querySelector("form[data-commit-form]");
  if (commitForm) {
    var depBox = commitForm.querySelector('input[name="create_departments"]');
    var commitButton = commitForm.querySelector("button[data-label-departments]");
    if (depBox && commitButton) {
      var relabel = function () {
        commitButton.textContent = commitButton.getAttribute(depBox.checked ? "data-label-departments" : "data-label-without");
      };
      depBox.addEventListener("change", relabel);
      relabel();
    }
  }

  var imp = document.querySelector("[data-import]");
  if (imp && !imp.hasAttribute("data-done")) {
    var ibar = document.getElementById("import-bar");
    var iline = imp.querySelector("[data-import-state]");
    var rejected = imp.querySelector("[data-rejected]");
    var rowsFinished = imp.hasAttribute("data-rows-done");
    var followImport = function () {
      fetch("/admin/import/" + encodeURIComponent(imp.getAttribute("data-import")) + "/progress",
            { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (!p) { return false; }
          if (ibar) { ibar.max = p.total; ibar.value = p.done; ibar.textContent = p.done + " / " + p.total; }
          [p.written, p.invitations].forEach(function (counts) {
            Object.keys(counts || {}).forEach(function (k) {
              var cell = imp.querySelector('[data-count="' + k + '"]');
              if (cell) { cell.textContent = String(counts[k]); }
            });
          });
          if (iline && iline.textContent !== p.state) { iline.textContent = p.state; }
          if (rejected && p.written && p.written.error > 0) { rejected.hidden = false; }
          if (p.rows_finished && !rowsFinished) {
            rowsFinished = true;
            // The table below shows what each row did: reload it once the rows are written.
            if (!p.finished) { window.location.reload(); return true; }
          }
          if (p.finished) { imp.setAttribute("data-done", ""); window.location.reload(); }
          return p.finished;
        })
        .catch(function () { return false; })
        .then(function (done) { if (!done) { window.setTimeout(followImport, 1000); } });
    };
    window.setTimeout(followImport, 800);
  }

  // A form that acts is sent once: a double click on its button sent it twice, and the second
  // answer (the one the browser shows) could undo the first's result on the page — a password
  // changed twice said "the current password is not right", two-factor turned on twice lost
  // the recovery codes shown once. Left to the server all the same (it holds either way); this
  // only keeps a person from seeing the loser. Released after a while (a download leaves the
  // page in place) and when the page is shown again from the history.
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (e.defaultPrevented || !f || (f.method || "").toLowerCase() !== "post") { return; }
    if (f.hasAttribute("data-sending")) { e.preventDefault(); return; }
    f.setAttribute("data-sending", "");
    window.setTimeout(function () { f.removeAttribute("data-sending"); }, 8000);
  });
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-sending]"), function (f) {
      f.removeAttribute("data-sending");
    });
  });

  // Put the cursor into the error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
