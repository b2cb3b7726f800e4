/* Tags as chips: the comma-separated tag field shown as removable chips plus a box to type a
   new tag (Enter or a comma adds it). The original field stays the one the form sends. */
(function () {
  "use strict";
  function parse(value) {
    return value.split(",").map(function (name) {
      return name.trim().replace(/^"(.*)"$/, "$1").trim();
    }).filter(function (name) { return name.length > 0; });
  }

  function serialise(names) {
    // One tag alone keeps a trailing comma, so a tag of several words stays one tag.
    return names.join(", ") + (names.length === 1 ? "," : "");
  }

  function enhance(field) {
    var names = parse(field.value);
    var list = document.createElement("ul");
    list.className = "tag-chips";
    list.setAttribute("aria-label", "Các thẻ đã gắn");
    var box = document.createElement("input");
    box.type = "text";
    box.className = "vTextField";
    box.id = field.id + "_moi";
    box.setAttribute("aria-label", "Thêm thẻ (Enter hoặc dấu phẩy để thêm)");
    box.placeholder = "Thêm thẻ rồi bấm Enter";

    function render() {
      list.innerHTML = "";
      names.forEach(function (name, index) {
        var chip = document.createElement("li");
        chip.appendChild(document.createTextNode(name));
        var remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "×";
        remove.setAttribute("aria-label", "Bỏ thẻ " + name);
        remove.addEventListener("click", function () {
          names.splice(index, 1);
          sync();
        });
        chip.appendChild(remove);
        list.appendChild(chip);
      });
    }

    function sync() {
      field.value = serialise(names);
      field.dispatchEvent(new Event("change", { bubbles: true }));
      render();
    }

    function add() {
      parse(box.value).forEach(function (name) {
        if (names.indexOf(name) === -1) names.push(name);
      });
      box.value = "";
      sync();
    }

    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === ",") {
        event.preventDefault();
        add();
      }
    });
    field.form.addEventListener("submit", add);
    field.type = "hidden";
    field.parentNode.insertBefore(list, field);
    field.parentNode.insertBefore(box, field);
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var field = document.querySelector('#content-main form input[name="tags"]');
    if (field) enhance(field);
  });
})();
