// Dot voting without page loads (issue 19 item 8). Progressive enhancement only: without this
// file each "Add a dot" / "Remove a dot" press is a normal form post that comes back to the topic.
// With it, the same post is sent with fetch; the page the server answers with (after its redirect,
// or the 400 page with an error) supplies the new ballot, counter and message, which replace the
// old ones in place. The message lands in the counter's role="status" region, so it is announced.
(function () {
    "use strict";
    var form = document.querySelector("[data-vote-ballot]");
    if (!form || !window.fetch || !window.FormData || !window.DOMParser) { return; }
    var busy = false;

    function swap(id, fresh) {
        var old = document.getElementById(id);
        var replacement = fresh.getElementById(id);
        if (old && replacement) { old.innerHTML = replacement.innerHTML; }
    }

    function announce(fresh) {
        var status = document.getElementById("vote-status");
        var replacement = fresh.getElementById("vote-status");
        // A 400 page's error summary, or a refusal page's reason (e.g. voting has closed).
        var error = fresh.querySelector("#vote-errors .error-summary p, main .banner--warning p");
        // Empty first, then fill: a live region announces a change, even to the same words.
        status.textContent = "";
        window.setTimeout(function () {
            if (error) {
                status.innerHTML = "";
                var p = document.createElement("p");
                p.className = "vote-counter__message vote-counter__message--error";
                p.textContent = error.textContent;
                status.appendChild(p);
            } else if (replacement) {
                status.innerHTML = replacement.innerHTML;
            }
        }, 50);
    }

    function refocus(name, value) {
        var topic = document.getElementById("topic-" + value);
        if (!topic) { return; }
        var same = topic.querySelector("button[name='" + name + "']");
        var other = topic.querySelector("button[name]");
        (same || other || topic).focus();
    }

    function fallBack(submitter) {
        // Let the browser post the form itself (e.g. voting closed: the server's page says why).
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = submitter.name;
        input.value = submitter.value;
        form.appendChild(input);
        form.submit();
    }

    form.addEventListener("submit", function (event) {
        var submitter = event.submitter;
        if (!submitter || (submitter.name !== "add" && submitter.name !== "remove")) { return; }
        event.preventDefault();
        if (busy) { return; }
        busy = true;
        var data = new FormData(form);
        data.append(submitter.name, submitter.value);
        form.setAttribute("aria-busy", "true");
        fetch(form.action || window.location.href, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: { "X-Requested-With": "fetch" }
        }).then(function (response) {
            if ([200, 400, 403].indexOf(response.status) === -1) { throw new Error("fall back"); }
            return response.text().then(function (html) { return [response.status, html]; });
        }).then(function (answer) {
            var fresh = new DOMParser().parseFromString(answer[1], "text/html");
            if (answer[0] === 403) {
                // Refused (voting closed, registration needed): say why in the counter, in place.
                if (!fresh.querySelector("main .banner--warning p")) { throw new Error("fall back"); }
                announce(fresh);
                submitter.focus();
                return;
            }
            if (!fresh.getElementById("vote-ballot")) { throw new Error("fall back"); }
            swap("vote-errors", fresh);
            swap("vote-counter-text", fresh);
            swap("vote-ballot", fresh);
            announce(fresh);
            refocus(submitter.name, submitter.value);
        }).catch(function () {
            fallBack(submitter);
        }).then(function () {
            busy = false;
            form.removeAttribute("aria-busy");
        });
    });
})();
