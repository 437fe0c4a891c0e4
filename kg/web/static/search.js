// The static site's search: shows the names in the list that hold what is typed (no request is made).
(function () {
  "use strict";
  function filter(text) {
    var wanted = text.trim().toLowerCase();
    var items = document.querySelectorAll("#results li");
    for (var i = 0; i < items.length; i++) {
      var name = items[i].getAttribute("data-name") || "";
      items[i].hidden = wanted !== "" && name.indexOf(wanted) < 0;
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("q");
    var params = new URLSearchParams(window.location.search);
    if (box) {
      box.value = params.get("q") || "";
      box.addEventListener("input", function () { filter(box.value); });
      filter(box.value);
    }
  });
})();
