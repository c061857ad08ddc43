/* Staff pages only. Before a file is sent, check it against the upload limit (the input's
   data-max-bytes): a file over it is cleared with a message, so the editor keeps the rest of
   the form instead of meeting the server's "too large" page. Without JavaScript the server
   still refuses it, with its own page. */
(function () {
  "use strict";

  function megabytes(bytes) {
    var mb = bytes / (1024 * 1024);
    return mb >= 10 ? Math.round(mb).toString() : mb.toFixed(1);
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) {
      return;
    }
    var limit = Number(input.getAttribute("data-max-bytes"));
    var note = input.parentNode.querySelector(".upload-too-large");
    if (note) {
      note.remove();
    }
    var file = input.files && input.files[0];
    if (!file || file.size <= limit) {
      return;
    }
    note = document.createElement("p");
    note.className = "errornote upload-too-large";
    note.setAttribute("role", "alert");
    note.textContent = "This file is " + megabytes(file.size) + " MB; the limit is " + megabytes(limit) +
      " MB. Save a smaller copy (for example 2,000 pixels wide) and choose it again.";
    input.value = "";
    input.parentNode.appendChild(note);
  });
})();
