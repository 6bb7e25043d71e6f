/* Progressive enhancement for event times: the page shows UK time with its zone ("2pm to 3:15pm
   UK time (BST)"); where the viewer's own time zone differs, add the time in their zone. */
(function (script) {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) { return; }
  // The words come from the page, in its language (templates/events/includes/local_time_script.html).
  var words = (script && script.dataset) || {};
  var rangeText = words.range || "({start} to {end} in your time zone, {zone})";
  var singleText = words.single || "({start} in your time zone, {zone})";
  var language = document.documentElement.lang || undefined;
  // A browser without this language's date names (Chromium has no Welsh ones) writes the
  // date in numbers rather than in English words inside a Welsh sentence.
  var named = !language || Intl.DateTimeFormat.supportedLocalesOf([language]).length > 0;
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
    var format = named ?
      new Intl.DateTimeFormat(language, { weekday: "long", day: "numeric", month: "long",
        hour: "numeric", minute: "2-digit", timeZone: viewerZone }) :
      new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "numeric", year: "numeric",
        hour: "2-digit", minute: "2-digit", timeZone: viewerZone });
    var endFormat = new Intl.DateTimeFormat(named ? language : "en-GB", { hour: "numeric",
      minute: "2-digit", timeZone: viewerZone, timeZoneName: "short" });
    var values = { start: format.format(start), zone: viewerZone.replace(/_/g, " ") };
    if (!isNaN(end.getTime())) { values.end = endFormat.format(end); }
    var note = document.createElement("span");
    note.className = "event-local-time";
    note.textContent = " " + (values.end ? rangeText : singleText).replace(
      /\{(start|end|zone)\}/g, function (match, name) { return values[name]; });
    element.parentNode.insertBefore(note, element.nextSibling);
  });
})(document.currentScript);
