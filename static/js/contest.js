/* Contests: remember the participant form on this device (only when asked to), and show the time
   left. Nothing here is needed to take part: the server keeps the time and checks the answers. */
(function () {
  "use strict";
  var FIELDS = ["full_name", "birth_year", "phone", "unit", "locality"];
  function storage() { try { return window.localStorage; } catch (e) { return null; } }

  var form = document.querySelector("form[data-remember]");
  var store = storage();
  if (form && store) {
    var key = form.getAttribute("data-remember");
    var toggle = form.querySelector("[data-remember-toggle]");
    var saved = null;
    try { saved = JSON.parse(store.getItem(key) || "null"); } catch (e) { saved = null; }
    if (toggle) {
      toggle.closest(".remember").hidden = false;
      toggle.checked = !!saved;
    }
    if (saved) {
      FIELDS.forEach(function (name) {
        var input = form.elements[name];
        if (input && !input.value && saved[name]) { input.value = saved[name]; }
      });
    }
    form.addEventListener("submit", function () {
      if (toggle && toggle.checked) {
        var data = {};
        FIELDS.forEach(function (name) { if (form.elements[name]) { data[name] = form.elements[name].value; } });
        store.setItem(key, JSON.stringify(data));
      } else {
        store.removeItem(key);
      }
    });
  }

  var countdown = document.querySelector("[data-countdown]");
  if (countdown) {
    var end = Date.now() + 1000 * parseInt(countdown.getAttribute("data-countdown"), 10);
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      countdown.textContent = left > 0
        ? "Còn " + minutes + " phút " + (seconds < 10 ? "0" : "") + seconds + " giây."
        : "Đã hết giờ làm bài.";
      if (left > 0) { window.setTimeout(tick, 1000); }
    };
    tick();
  }
})();
