// The people picker (community/pickers.py): suggestions as you type in a field that takes
// names or e-mail addresses separated by commas. Progressive enhancement only: without this
// file the field is a plain text input that the server validates.
(function () {
    "use strict";

    function lastToken(value) {
        var parts = value.split(/[,;]/);
        return parts[parts.length - 1].replace(/^\s+/, "");
    }

    function replaceLastToken(value, replacement) {
        var cut = Math.max(value.lastIndexOf(","), value.lastIndexOf(";"));
        var head = cut >= 0 ? value.slice(0, cut + 1) + " " : "";
        return head + replacement + ", ";
    }

    function enhance(input, index) {
        var source = input.getAttribute("data-source");
        if (!source || !window.fetch) { return; }
        var listId = input.id + "-suggestions";
        var wrapper = document.createElement("div");
        wrapper.className = "member-picker";
        input.parentNode.insertBefore(wrapper, input);
        wrapper.appendChild(input);
        var list = document.createElement("ul");
        list.id = listId;
        list.className = "member-picker__list";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", input.getAttribute("data-list-label") || "Suggestions");
        list.hidden = true;
        wrapper.appendChild(list);
        var status = document.createElement("div");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        status.setAttribute("aria-live", "polite");
        wrapper.appendChild(status);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);

        var active = -1;
        var timer = null;
        var latest = 0;

        function options() { return list.querySelectorAll("[role=option]"); }

        function close() {
            list.hidden = true;
            list.innerHTML = "";
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function highlight(next) {
            var items = options();
            if (!items.length) { return; }
            active = (next + items.length) % items.length;
            for (var i = 0; i < items.length; i++) {
                items[i].setAttribute("aria-selected", i === active ? "true" : "false");
            }
            input.setAttribute("aria-activedescendant", items[active].id);
        }

        function choose(item) {
            input.value = replaceLastToken(input.value, item.getAttribute("data-value"));
            close();
            status.textContent = (input.getAttribute("data-added") || "Added: {name}").replace("{name}", item.getAttribute("data-name"));
            input.focus();
        }

        function show(results) {
            list.innerHTML = "";
            active = -1;
            results.forEach(function (person, i) {
                var item = document.createElement("li");
                item.id = listId + "-" + i;
                item.className = "member-picker__option";
                item.setAttribute("role", "option");
                item.setAttribute("aria-selected", "false");
                item.setAttribute("data-value", person.value);
                item.setAttribute("data-name", person.name);
                item.textContent = person.name;
                if (person.organisation) {
                    var org = document.createElement("span");
                    org.className = "member-picker__organisation";
                    org.textContent = " · " + person.organisation;
                    item.appendChild(org);
                }
                item.addEventListener("mousedown", function (event) { event.preventDefault(); });
                item.addEventListener("click", function () { choose(item); });
                list.appendChild(item);
            });
            var count = results.length;
            if (count) {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
                status.textContent = (count === 1 ? input.getAttribute("data-one") || "1 suggestion" : (input.getAttribute("data-many") || "{count} suggestions").replace("{count}", count));
            } else {
                close();
                status.textContent = input.getAttribute("data-none") || "No members found";
            }
        }

        function search() {
            var q = lastToken(input.value);
            if (q.length < 2 || q.indexOf("@") >= 0) { close(); return; }
            var ticket = ++latest;
            var url = source + "?q=" + encodeURIComponent(q);
            if (input.getAttribute("data-exclude-self") === "true") { url += "&exclude_self=true"; }
            fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
                .then(function (response) { return response.ok ? response.json() : { results: [] }; })
                .then(function (data) { if (ticket === latest) { show(data.results || []); } })
                .catch(function () { close(); });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(search, 200);
        });
        input.addEventListener("keydown", function (event) {
            if (list.hidden) { return; }
            if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
            else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
            else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(options()[active]); }
            else if (event.key === "Escape") { event.preventDefault(); close(); }
        });
        input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    }

    var inputs = document.querySelectorAll("input[data-member-picker]");
    for (var i = 0; i < inputs.length; i++) { enhance(inputs[i], i); }
})();
