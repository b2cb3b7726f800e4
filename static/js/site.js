/* Reading tools: text size (A- A A+) and high contrast, remembered across pages; copy link.
   The page works fully without this file: the tools stay hidden when JavaScript is off. */
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZES = ["text-sm", "", "text-lg", "text-xl"];
  var store = {
    get: function (key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  };

  function applySize(index) {
    SIZES.forEach(function (cls) { if (cls) { root.classList.remove(cls); } });
    if (SIZES[index]) { root.classList.add(SIZES[index]); }
  }
  function applyContrast(on) {
    root.classList.toggle("high-contrast", on);
    var button = document.querySelector("[data-contrast]");
    if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
  }

  var size = parseInt(store.get("btg-text-size") || "1", 10);
  if (isNaN(size) || size < 0 || size >= SIZES.length) { size = 1; }
  applySize(size);
  applyContrast(store.get("btg-contrast") === "1");

  document.addEventListener("DOMContentLoaded", function () {
    var tools = document.querySelector(".reading-tools");
    if (tools) { tools.hidden = false; }
    applyContrast(store.get("btg-contrast") === "1");
    document.querySelectorAll("[data-text-size]").forEach(function (button) {
      button.addEventListener("click", function () {
        var step = parseInt(button.getAttribute("data-text-size"), 10);
        size = step === 0 ? 1 : Math.min(SIZES.length - 1, Math.max(0, size + step));
        applySize(size);
        store.set("btg-text-size", String(size));
      });
    });
    var contrast = document.querySelector("[data-contrast]");
    if (contrast) {
      contrast.addEventListener("click", function () {
        var on = !root.classList.contains("high-contrast");
        applyContrast(on);
        store.set("btg-contrast", on ? "1" : "0");
      });
    }
    document.querySelectorAll("[data-copy-url]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var url = button.getAttribute("data-copy-url");
        var done = function () {
          var status = document.getElementById(button.getAttribute("aria-controls"));
          if (status) { status.textContent = "Đã sao chép liên kết."; }
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(done, function () { window.prompt("Sao chép liên kết:", url); });
        } else {
          window.prompt("Sao chép liên kết:", url);
        }
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
}());
