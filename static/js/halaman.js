// Small behaviours shared by every page, declared in the templates with data-* attributes so
// that the Content-Security-Policy can refuse inline scripts and on* handlers.
(function () {
  // data-konfirmasi on a form asks before it is sent; on a button, before its click submits.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.dataset ? form.dataset.konfirmasi : undefined;
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-konfirmasi]:not(form)") : null;
    if (button && !window.confirm(button.dataset.konfirmasi)) { event.preventDefault(); }
  });

  // data-kirim-otomatis: a filter list that reloads its page as soon as a choice is made.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-kirim-otomatis]") && field.form) {
      field.form.submit();
    }
  });

  // data-pilih-isi: one click selects a whole value meant to be copied (a device token).
  document.addEventListener("click", function (event) {
    var field = event.target;
    if (field.matches && field.matches("input[data-pilih-isi]")) { field.select(); }
  });

  // data-tutup-lipatan: the "Batal" of a form inside a Bootstrap collapse folds it away.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-tutup-lipatan]") : null;
    if (!button || !window.bootstrap) { return; }
    var fold = button.closest(".collapse");
    if (fold) { window.bootstrap.Collapse.getOrCreateInstance(fold).hide(); }
  });
})();
