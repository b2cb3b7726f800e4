/* The body editor in plain Vietnamese: CKEditor's own Vietnamese leaves the paragraph formats in
   English ("Heading 2") and calls the picture's alt text "Chú thích ảnh" (a caption). Loaded by
   the admin forms before CKEditor starts; it changes labels only. */
(function () {
  "use strict";
  function relabel(editor) {
    var format = editor.lang.format;
    if (format) {
      format.tag_p = "Đoạn văn";
      format.tag_h2 = "Tiêu đề mục";
      format.tag_h3 = "Tiêu đề nhỏ";
      format.tag_h4 = "Tiêu đề phụ";
    }
    var image = editor.lang.image2;
    if (image) {
      image.alt = "Mô tả ảnh (alt, cho người khiếm thị)";
      image.captioned = "Có chú thích dưới ảnh";
      image.captionPlaceholder = "Chú thích";
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.CKEDITOR) return;
    window.CKEDITOR.on("instanceCreated", function (event) {
      event.editor.on("langLoaded", function () { relabel(event.editor); });
      event.editor.on("pluginsLoaded", function () { relabel(event.editor); });
    });
  });
})();
