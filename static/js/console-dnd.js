// Organiser console (issue 19 item 7): drag a session onto another cell of the working schedule
// to move it there (or swap it with the session in that cell). An extra only: every cell keeps
// its "Move, swap or lock" link with select boxes, which works by keyboard and without
// JavaScript. A drop posts the same form that link's page posts, as a normal form submission, so
// the server's checks, messages and error page are exactly the same.
(function () {
    "use strict";
    var grid = document.querySelector(".unconf-grid--organise");
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!grid || !token || !("draggable" in document.createElement("span"))) { return; }
    var dragged = null;

    grid.querySelectorAll("[data-move-url]").forEach(function (title) {
        var cell = title.closest("td");
        cell.setAttribute("draggable", "true");
        cell.classList.add("unconf-cell--draggable");
        cell.addEventListener("dragstart", function (event) {
            dragged = title;
            event.dataTransfer.effectAllowed = "move";
            event.dataTransfer.setData("text/plain", title.textContent);
        });
        cell.addEventListener("dragend", function () { dragged = null; });
    });

    grid.querySelectorAll("td[data-space][data-slot]").forEach(function (cell) {
        cell.addEventListener("dragover", function (event) {
            if (dragged && dragged.closest("td") !== cell) {
                event.preventDefault();
                cell.classList.add("unconf-cell--drop");
            }
        });
        cell.addEventListener("dragleave", function () { cell.classList.remove("unconf-cell--drop"); });
        cell.addEventListener("drop", function (event) {
            event.preventDefault();
            cell.classList.remove("unconf-cell--drop");
            if (!dragged || dragged.closest("td") === cell) { return; }
            var form = document.createElement("form");
            form.method = "post";
            form.action = dragged.getAttribute("data-move-url");
            var fields = {
                csrfmiddlewaretoken: token.value,
                space: cell.getAttribute("data-space"),
                slot: cell.getAttribute("data-slot")
            };
            if (dragged.getAttribute("data-locked")) { fields.locked = "on"; }
            Object.keys(fields).forEach(function (name) {
                var input = document.createElement("input");
                input.type = "hidden";
                input.name = name;
                input.value = fields[name];
                form.appendChild(input);
            });
            document.body.appendChild(form);
            form.submit();
        });
    });
}());
