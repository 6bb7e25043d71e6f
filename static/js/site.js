// Progressive enhancement only: every page works without this file.
(function () {
    "use strict";
    // Move focus to the error summary after a failed form submission so screen readers announce it.
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
})();
