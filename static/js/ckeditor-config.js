/* CKEditor's per-page settings on staff pages (loaded through CKEDITOR_CONFIGS "customConfig").
 * Every upload request carries the page's Django CSRF token: the upload view is protected by
 * Django's CSRF check like any other staff POST. The token is read from the form on the page
 * (the CSRF cookie is HttpOnly). */
/* global CKEDITOR */
CKEDITOR.editorConfig = function (config) {
  var field = document.querySelector('input[name="csrfmiddlewaretoken"]')
  if (field && field.value) {
    config.fileTools_requestHeaders = { "X-CSRFToken": field.value }
  }
}
