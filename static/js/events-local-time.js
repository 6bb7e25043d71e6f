/* Progressive enhancement for event times: the page shows UK time with its zone ("2pm to 3:15pm
   UK time (BST)"); where the viewer's own time zone differs, add the time in their zone. */
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) { return; }
  var viewerZone;
  try { viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!viewerZone || viewerZone === "Europe/London") { return; }

  function offsetLabel(date, zone) {
    return new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "numeric", minute: "2-digit",
      timeZoneName: "short" }).format(date);
  }

  var times = document.querySelectorAll("time[data-event-start]");
  Array.prototype.forEach.call(times, function (element) {
    var start = new Date(element.getAttribute("data-event-start"));
    var end = new Date(element.getAttribute("data-event-end"));
    if (isNaN(start.getTime())) { return; }
    var london = offsetLabel(start, "Europe/London").replace(/\D/g, "");
    var mine = offsetLabel(start, viewerZone).replace(/\D/g, "");
    if (london === mine && start.toLocaleString("en-GB", { timeZone: "Europe/London" }) ===
        start.toLocaleString("en-GB", { timeZone: viewerZone })) { return; }
    var format = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric",
      month: "long", hour: "numeric", minute: "2-digit", timeZone: viewerZone });
    var endFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit",
      timeZone: viewerZone, timeZoneName: "short" });
    var note = document.createElement("span");
    note.className = "event-local-time";
    note.textContent = " (" + format.format(start) + (isNaN(end.getTime()) ? "" : " to " +
      endFormat.format(end)) + " in your time zone, " + viewerZone.replace(/_/g, " ") + ")";
    element.parentNode.insertBefore(note, element.nextSibling);
  });
})();
