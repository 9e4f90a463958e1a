// Live journal of the investigation page: polls journal.json for records after the ones shown,
// appends them as text (never as HTML), updates the status, and reloads the page once the task
// leaves its live states so findings and the plan appear. No inline script: CSP allows 'self' only.
(function () {
  "use strict";
  var section = document.getElementById("journal-section");
  if (!section || section.getAttribute("data-live") !== "true") { return; }
  var feed = section.getAttribute("data-feed");
  var count = parseInt(section.getAttribute("data-count"), 10) || 0;
  var list = document.getElementById("journal");
  var status = document.getElementById("task-status");
  var reason = document.getElementById("task-status-reason");

  function append(record) {
    var li = document.createElement("li");
    li.className = "journal-record";
    var badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = record.type;
    var time = document.createElement("span");
    time.className = "muted";
    time.textContent = record.time;
    li.appendChild(badge);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(time);
    li.appendChild(document.createTextNode(" " + record.text));
    list.appendChild(li);
  }

  function tick() {
    fetch(feed + "?after=" + count, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 401) { window.location.assign("/"); throw new Error("signed out"); }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        var empty = document.getElementById("journal-empty");
        if (empty && data.records.length > 0) { empty.remove(); }
        data.records.forEach(append);
        count += data.records.length;
        if (status) { status.textContent = data.status; }
        if (reason) { reason.textContent = data.statusReason; }
        if (!data.live) { window.location.reload(); return; }
        window.setTimeout(tick, 1500);
      })
      .catch(function () { window.setTimeout(tick, 5000); });
  }
  window.setTimeout(tick, 1500);
})();
