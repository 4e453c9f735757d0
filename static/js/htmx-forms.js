// htmx answers for every page. A refused edit (400) carries its section with the errors, so it
// is swapped in like a success; 403, 404 and other failures show a note in #htmx-error.
(function () {
  document.body.addEventListener("htmx:beforeOnLoad", function (event) {
    // With DEBUG on, django-htmx's helper (listening on document) would replace the whole page
    // with any 400 answer; ours are section fragments meant for their target, so keep them here.
    if (event.detail.xhr.status === 400) { event.stopPropagation(); }
  });
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  function showHtmxProblem(text) {
    var box = document.getElementById("htmx-error");
    if (!box) { return; }
    box.textContent = text;
    box.classList.remove("d-none");
    box.scrollIntoView({block: "center"});
  }
  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status === 403) { showHtmxProblem("Anda tidak berwenang melakukan tindakan ini."); }
    else if (status === 404) { showHtmxProblem("Data tidak ditemukan. Muat ulang halaman ini."); }
    else { showHtmxProblem("Terjadi kesalahan (kode " + status + "). Muat ulang halaman lalu coba lagi."); }
  });
  document.body.addEventListener("htmx:sendError", function () {
    showHtmxProblem("Tidak dapat terhubung ke server. Periksa koneksi lalu coba lagi.");
  });
})();
