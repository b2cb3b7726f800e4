/* Writing in the admin, for every publishable type's form: word and character counts, a
   warning before leaving a page with unsaved changes, and Ctrl+S (Cmd+S) to save and keep
   editing. No inline script: loaded as a file under the staff Content-Security-Policy. */
(function () {
  "use strict";
  var form = null;
  var dirty = false;
  var submitting = false;

  function words(text) {
    var found = text.trim().match(/[^\s]+/g);
    return found ? found.length : 0;
  }

  function counter(after) {
    var note = document.createElement("div");
    note.className = "help writing-count";
    note.setAttribute("aria-live", "polite");
    after.parentNode.insertBefore(note, after.nextSibling);
    return note;
  }

  function show(note, text) {
    note.textContent = words(text) + " từ, " + text.replace(/\s+/g, " ").trim().length + " ký tự";
  }

  function saveAndContinue() {
    var button = form.querySelector('input[name="_continue"]') ||
      form.querySelector('input[name="_save"]');
    if (button) {
      submitting = true;
      button.click();
    }
  }

  function askAlt(editor) {
    var widgets = editor.widgets ? editor.widgets.instances : {};
    for (var id in widgets) {
      var widget = widgets[id];
      if (widget.name === "image" && !widget.data.alt && widget.data.src &&
          widget.data.src.indexOf("blob:") !== 0 && widget.data.src.indexOf("data:") !== 0) {
        widget.focus();
        widget.edit();
        return;
      }
    }
  }

  function onKey(event) {
    if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
      event.preventDefault();
      saveAndContinue();
    }
  }

  // The autocomplete pickers' inline search boxes (select2) come without a label.
  function labelPickers() {
    document.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (box) {
      box.setAttribute("aria-label", "Gõ để tìm và thêm");
    });
  }
  window.addEventListener("load", labelPickers);
  document.addEventListener("focusin", labelPickers);
  new MutationObserver(labelPickers).observe(document.documentElement,
                                             { childList: true, subtree: true });

  document.addEventListener("DOMContentLoaded", function () {
    form = document.querySelector("#content-main form");
    if (!form || !form.querySelector('input[name="base_version"]')) return;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    document.addEventListener("keydown", onKey);

    ["id_title", "id_name", "id_summary"].forEach(function (id) {
      var field = document.getElementById(id);
      if (!field) return;
      var note = counter(field);
      show(note, field.value);
      field.addEventListener("input", function () { show(note, field.value); });
    });

    if (window.CKEDITOR) {
      window.CKEDITOR.on("instanceReady", function (event) {
        var editor = event.editor;
        var note = counter(editor.container.$);
        var update = function () { show(note, editor.document.getBody().getText()); };
        update();
        editor.on("change", function () { dirty = true; update(); });
        // A picture pasted or dropped in: once uploaded, ask for its alt text right away.
        editor.on("fileUploadResponse", function () {
          window.setTimeout(function () { askAlt(editor); }, 100);
        });
        editor.on("contentDom", function () {
          editor.document.on("keydown", function (ev) { onKey(ev.data.$); });
        });
        editor.document.on("keydown", function (ev) { onKey(ev.data.$); });
      });
    }
  });
})();
